// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Renders typed schema operations to a dialect's SQL at compile time; each dialect is one file in dialects/.

#include <span>
#include <string_view>
#include <utility>

#include <migrate/core/dialect.hpp>
#include <migrate/schema/detail/sql_writer.hpp>
#include <migrate/schema/detail/view.hpp>
#include <migrate/schema/operations.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema {

/// A dialect's spelling of types, columns and the operations it writes its own way; specialised in dialects/.
template <dialect D>
struct dialect_renderer;

namespace detail {

constexpr void key_list(sql_writer& w, const name_list& keys) {
  w << '(';
  for (std::size_t i = 0; i < keys.size(); ++i) w << (i ? ", " : "") << keys.names[i];
  w << ')';
}

template <dialect D>
constexpr void column_sql(sql_writer& w, const column_def& c) {
  using sql = dialect_renderer<D>;
  w << c.name << ' ';
  if (c.type.family == type_family::auto_id) {
    w << sql::auto_id_column;
  } else {
    sql::type(w, c.type);
    if (c.primary_key) w << " PRIMARY KEY";
    if (!c.nullable() && !c.primary_key) w << " NOT NULL";
  }
  if (c.is_unique) w << " UNIQUE";
  if (c.default_true || c.default_false) w << " DEFAULT " << (c.default_true ? sql::true_literal : sql::false_literal);
  else if (!c.default_sql.empty()) w << " DEFAULT " << c.default_sql;
  if (!c.references_.table.empty()) {
    w << " REFERENCES " << c.references_.table << '(' << c.references_.column << ')';
    if (!c.references_.on_delete.empty()) w << " ON DELETE " << c.references_.on_delete;
  }
}

constexpr void constraint_body(sql_writer& w, const operation& op, op_kind kind);

/// CREATE TABLE <prefix><table> with `columns` and, inside it, the constraints D cannot add to an existing table
/// (a SQLite rebuild, the schema export); `for_each_key(f)` calls `f(operation)` for each index and constraint.
template <dialect D, class Keys>
constexpr void create_table_sql(sql_writer& w, std::string_view prefix, std::string_view table,
                                std::span<const column_def> columns, Keys for_each_key) {
  w << "CREATE TABLE " << prefix << table << " (";
  bool first = true;
  auto item = [&] { w << (std::exchange(first, false) ? "\n  " : ",\n  "); };
  for (const auto& c : columns) {
    item();
    column_sql<D>(w, c);
  }
  for_each_key([&](const operation& key) {
    if (!dialect_renderer<D>::rebuilds(key)) return;
    item();
    w << "CONSTRAINT " << key.name << ' ';
    constraint_body(w, key, key.kind);
  });
  w << "\n);\n";
}
template <dialect D>
constexpr void create_table_sql(sql_writer& w, std::string_view table, std::span<const column_def> columns) {
  create_table_sql<D>(w, {}, table, columns, [](auto) {});
}

constexpr void constraint_body(sql_writer& w, const operation& op, op_kind kind) {
  if (kind == op_kind::add_foreign_key) {
    w << "FOREIGN KEY ";
    key_list(w, op.keys);
    w << " REFERENCES " << op.ref_table << ' ';
    key_list(w, op.ref_keys);
    if (!op.delete_action.empty()) w << " ON DELETE " << op.delete_action;
  } else if (kind == op_kind::add_unique) {
    w << "UNIQUE ";
    key_list(w, op.keys);
  } else {
    w << "CHECK (" << op.sql << ')';
  }
}

/// The operation that undoes `op` (meaningful only when `op.reversible()`).
constexpr operation inverse(const operation& op) {
  operation back = op;
  switch (op.kind) {
    case op_kind::create_table: back.kind = op_kind::drop_table; break;
    case op_kind::drop_table: back.kind = op_kind::create_table; break;
    case op_kind::rename_table: back.table = op.new_name; back.new_name = op.table; break;
    case op_kind::add_column: back.kind = op_kind::drop_column; back.has_definition = true; break;
    case op_kind::drop_column: back.kind = op_kind::add_column; break;
    case op_kind::rename_column: back.name = op.new_name; back.new_name = op.name; break;
    case op_kind::alter_column:
      back.inverted = !op.inverted;
      break;
    case op_kind::create_index: back.kind = op_kind::drop_index; back.has_definition = true; break;
    case op_kind::drop_index: back.kind = op_kind::create_index; break;
    case op_kind::add_foreign_key: case op_kind::add_unique: case op_kind::add_check:
      back.kind = op_kind::drop_constraint; back.dropped_kind = op.kind; back.has_definition = true; break;
    case op_kind::drop_constraint: back.kind = op.dropped_kind; break;
    case op_kind::execute: back.sql = op.down_sql; back.down_sql = op.sql; break;
  }
  return back;
}

// The statements that undo the commonest operations, also written directly for their derived downgrades.
constexpr void drop_table_sql(sql_writer& w, std::string_view table) { w << "DROP TABLE " << table << ";\n"; }
constexpr void drop_column_sql(sql_writer& w, std::string_view table, std::string_view column) {
  w << "ALTER TABLE " << table << " DROP COLUMN " << column << ";\n";
}
template <dialect D>
constexpr void drop_index_sql(sql_writer& w, const operation& op) {
  w << "DROP INDEX ";
  if (op.is_concurrent) w << dialect_renderer<D>::concurrently;
  w << op.name << ";\n";
}

/// Renders one operation in dialect D; what differs between dialects is asked of `dialect_renderer<D>`.
template <dialect D>
constexpr void operation_sql(sql_writer& w, const operation& op) {
  using sql = dialect_renderer<D>;
  switch (op.kind) {
    case op_kind::create_table: create_table_sql<D>(w, op.table, op.columns); return;
    case op_kind::drop_table: drop_table_sql(w, op.table); return;
    case op_kind::rename_table: w << "ALTER TABLE " << op.table << " RENAME TO " << op.new_name << ";\n"; return;
    case op_kind::add_column:
      w << "ALTER TABLE " << op.table << " ADD COLUMN ";
      column_sql<D>(w, op.column());
      w << ";\n";
      return;
    case op_kind::drop_column: drop_column_sql(w, op.table, op.name); return;
    case op_kind::rename_column:
      w << "ALTER TABLE " << op.table << " RENAME COLUMN " << op.name << " TO " << op.new_name << ";\n";
      return;
    case op_kind::alter_column: sql::alter_column(w, op); return;
    case op_kind::create_index:
      w << (op.is_unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
      if (op.is_concurrent) w << sql::concurrently;
      w << op.name << " ON " << op.table << ' ';
      key_list(w, op.keys);
      w << ";\n";
      return;
    case op_kind::drop_index: drop_index_sql<D>(w, op); return;
    case op_kind::add_foreign_key: case op_kind::add_unique: case op_kind::add_check:
      sql::add_constraint(w, op);
      return;
    case op_kind::drop_constraint: sql::drop_constraint(w, op); return;
    case op_kind::execute: {
      std::string_view text = op.sql;
      while (!text.empty() && (text.front() == '\n' || text.front() == ' ')) text.remove_prefix(1);
      while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
      w << text << (text.ends_with(';') ? "\n" : ";\n");
      return;
    }
  }
}

/// Renders the upgrade (ops in order) or the derived downgrade (inverses in reverse order).
template <dialect D>
constexpr void operations_sql(sql_writer& w, detail::view<operation> ops, bool upgrade) {
  if (upgrade) {
    for (const auto& op : ops) operation_sql<D>(w, op);
  } else {
    for (std::size_t i = ops.size(); i-- > 0;) {
      // The commonest inverses are written directly: `inverse` copies the whole operation, which is most of what a
      // derived downgrade costs the constant evaluators.
      const operation& op = ops[i];
      switch (op.kind) {
        case op_kind::create_table: drop_table_sql(w, op.table); break;
        case op_kind::add_column: drop_column_sql(w, op.table, op.name); break;
        case op_kind::create_index: drop_index_sql<D>(w, op); break;
        default: operation_sql<D>(w, inverse(op));
      }
    }
  }
}

}  // namespace detail
}  // namespace migrate::schema

#include <migrate/schema/dialects/postgresql.hpp>
#include <migrate/schema/dialects/sqlite.hpp>
