// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// SQLite's spelling of the typed schema operations.

#include <string_view>

#include <migrate/schema/render.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema {

template <>
struct dialect_renderer<dialect::sqlite> {
  // AUTOINCREMENT: ids are never reused after a delete, as on PostgreSQL's identity columns.
  static constexpr std::string_view auto_id_column = "INTEGER PRIMARY KEY AUTOINCREMENT";
  static constexpr std::string_view true_literal = "1";
  static constexpr std::string_view false_literal = "0";
  static constexpr std::string_view concurrently = "";

  // Type names whose SQLite affinity matches the family (and that `verify --schema` maps back to it).
  static constexpr void type(detail::sql_writer& w, const column_type& t) {
    switch (t.family) {
      case type_family::integer: case type_family::auto_id: w << "INTEGER"; return;
      case type_family::bigint: w << "BIGINT"; return;
      case type_family::boolean: w << "BOOLEAN"; return;
      case type_family::text: w << "TEXT"; return;
      case type_family::varchar: w << "VARCHAR(" << unsigned{t.length} << ')'; return;
      case type_family::numeric: w << "NUMERIC(" << unsigned{t.precision} << ", " << unsigned{t.scale} << ')'; return;
      case type_family::real: w << "REAL"; return;
      case type_family::date: w << "DATE"; return;
      case type_family::timestamp: w << "TIMESTAMP"; return;
      case type_family::timestamp_tz: w << "TIMESTAMPTZ"; return;
      case type_family::uuid: w << "UUID"; return;
      case type_family::json: w << "JSON"; return;
      case type_family::bytes: w << "BLOB"; return;
    }
  }
  /// True when SQLite cannot ALTER what `op` changes, so its table is rebuilt (detail/rebuild.hpp): a column's type,
  /// nullability or default, and foreign keys and CHECKs, which SQLite keeps only inside CREATE TABLE.
  static constexpr bool rebuilds(const operation& op) noexcept {
    switch (op.kind) {
      case op_kind::alter_column: case op_kind::add_foreign_key: case op_kind::add_check: return true;
      case op_kind::drop_constraint: return op.dropped_kind != op_kind::add_unique;
      // SQLite refuses DROP COLUMN of a column that is indexed, unique, a key or in a foreign key; the renderer
      // rebuilds only for such a column (the model knows the table's keys).
      case op_kind::drop_column: return true;
      default: return false;
    }
  }
  // Never reached: an alter_column is a rebuild on SQLite.
  static constexpr void alter_column(detail::sql_writer&, const operation&) {}
  // A unique constraint is a unique index on SQLite: same enforcement, and it can be dropped again.
  static constexpr void add_constraint(detail::sql_writer& w, const operation& op) {
    w << "CREATE UNIQUE INDEX " << op.name << " ON " << op.table << ' ';
    detail::key_list(w, op.keys);
    w << ";\n";
  }
  static constexpr void drop_constraint(detail::sql_writer& w, const operation& op) {
    w << "DROP INDEX " << op.name << ";\n";
  }
};

}  // namespace migrate::schema
