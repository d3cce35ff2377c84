// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// SQLite's live schema for `verify --schema`: `sqlite_master` and the table, index and foreign-key pragmas, read
/// back into the portable shape the typed migrations' model has.

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/core/detail/zero_fields.hpp>
#include <migrate/schema/drift.hpp>
#include <migrate/sqlite/store.hpp>

MIGRATE_DETAIL_ZERO_FIELDS_BEGIN

namespace migrate::inline MIGRATE_ABI_NAMESPACE::sqlite {
namespace detail {

inline std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  return out;
}

// The numbers in "VARCHAR(255)" or "NUMERIC(10, 2)".
inline std::vector<unsigned> type_arguments(std::string_view declared) {
  std::vector<unsigned> numbers;
  auto open = declared.find('(');
  if (open == std::string_view::npos) return numbers;
  unsigned value = 0;
  bool in_number = false;
  for (char c : declared.substr(open + 1)) {
    if (c >= '0' && c <= '9') {
      value = value * 10 + static_cast<unsigned>(c - '0');
      in_number = true;
    } else if (in_number) {
      numbers.push_back(value);
      value = 0;
      in_number = false;
    }
  }
  return numbers;
}

/// The portable family of a declared SQLite type: the names the SQLite renderer writes (and their usual synonyms),
/// else SQLite's own affinity rules.
inline schema::column_type family_of(std::string_view declared) {
  using schema::type_family;
  const auto text = upper(declared);
  const auto base = text.substr(0, std::min(text.find('('), text.size()));
  auto name = base;
  while (!name.empty() && name.back() == ' ') name.pop_back();
  const auto args = type_arguments(text);
  auto is = [&](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), std::string_view(name)) != names.end();
  };
  if (is({"INTEGER", "INT", "SMALLINT", "MEDIUMINT", "TINYINT", "INT2", "INT4"})) return {type_family::integer};
  if (is({"BIGINT", "INT8", "UNSIGNED BIG INT"})) return {type_family::bigint};
  if (is({"BOOLEAN", "BOOL"})) return {type_family::boolean};
  if (is({"TEXT", "CLOB"})) return {type_family::text};
  if (is({"VARCHAR", "CHARACTER VARYING", "NVARCHAR", "VARYING CHARACTER", "CHAR", "CHARACTER", "NCHAR"}))
    return {type_family::varchar, static_cast<std::uint16_t>(args.empty() ? 0 : args[0])};
  if (is({"NUMERIC", "DECIMAL"}))
    return {type_family::numeric, 0, static_cast<std::uint8_t>(args.empty() ? 0 : args[0]),
            static_cast<std::uint8_t>(args.size() < 2 ? 0 : args[1])};
  if (is({"REAL", "DOUBLE", "DOUBLE PRECISION", "FLOAT"})) return {type_family::real};
  if (is({"DATE"})) return {type_family::date};
  if (is({"TIMESTAMP", "DATETIME", "TIMESTAMP WITHOUT TIME ZONE"})) return {type_family::timestamp};
  if (is({"TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"})) return {type_family::timestamp_tz};
  if (is({"UUID"})) return {type_family::uuid};
  if (is({"JSON", "JSONB"})) return {type_family::json};
  if (is({"BLOB", "BYTEA", ""})) return {type_family::bytes};
  // https://www.sqlite.org/datatype3.html#determination_of_column_affinity
  if (text.find("INT") != std::string::npos) return {type_family::integer};
  if (text.find("CHAR") != std::string::npos || text.find("CLOB") != std::string::npos ||
      text.find("TEXT") != std::string::npos)
    return {type_family::text};
  if (text.find("BLOB") != std::string::npos) return {type_family::bytes};
  if (text.find("REAL") != std::string::npos || text.find("FLOA") != std::string::npos ||
      text.find("DOUB") != std::string::npos)
    return {type_family::real};
  return {type_family::numeric};
}

inline schema::name_list names_of(schema::schema_snapshot& snapshot, const std::vector<std::string>& names) {
  schema::name_list list;
  for (const auto& n : names)
    if (list.count < schema::max_key_columns) list.names[list.count++] = schema::keep(snapshot, n);
  return list;
}

}  // namespace detail

/// The tables of `db` (without migrate's state table, `sqlite_*` tables and other tools' state tables), with their
/// columns, indexes and foreign keys. An `INTEGER PRIMARY KEY AUTOINCREMENT` column is an `auto_id`; a unique
/// constraint's own index is an `add_unique`, every other index a `create_index`; foreign keys are `add_foreign_key`s.
inline schema::schema_snapshot live_schema(store& db) {
  auto& s = db.session();
  schema::schema_snapshot out;
  struct listed {
    std::string name, sql;
  };
  std::vector<listed> tables;
  s.for_each_row("SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                 "'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
                 [&](const auto& row) { tables.push_back({row.text(0), row.text(1)}); });
  auto skipped = [&](const std::string& name) {
    return name == db.table() || std::find(std::begin(schema::foreign_state_tables),
                                           std::end(schema::foreign_state_tables), name) != std::end(schema::foreign_state_tables);
  };
  auto primary_key_of = [&](const std::string& table) {
    std::string column;
    s.for_each_row("SELECT name FROM pragma_table_info(?1) WHERE pk = 1", [&](const auto& row) { column = row.text(0); },
                   table);
    return column;
  };
  for (const auto& t : tables) {
    if (skipped(t.name)) continue;
    schema::table_snapshot table{.name = schema::keep(out, t.name)};
    int key_columns = 0;
    s.for_each_row(
        "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid",
        [&](const auto& row) {
          schema::column_def c{.name = schema::keep(out, row.text(0)), .type = detail::family_of(row.text(1))};
          c.primary_key = row.int64(4) != 0;
          key_columns += c.primary_key ? 1 : 0;
          // SQLite lets a (non-INTEGER) primary key hold NULL unless told otherwise; the model's never does.
          c.not_null_ = row.int64(2) != 0;
          if (!row.is_null(3)) c.default_sql = schema::keep(out, row.text(3));
          table.columns.push_back(c);
        },
        t.name);
    // Only AUTOINCREMENT makes an INTEGER PRIMARY KEY an auto_id (ids never reused); it shows only in the SQL.
    if (key_columns == 1 && detail::upper(t.sql).find("AUTOINCREMENT") != std::string::npos)
      for (auto& c : table.columns)
        if (c.primary_key && c.type.family == schema::type_family::integer) c.type = {schema::type_family::auto_id};

    struct index_row {
      std::string name, origin;
      bool unique = false;
    };
    std::vector<index_row> indexes;
    s.for_each_row("SELECT name, \"unique\", origin FROM pragma_index_list(?1) ORDER BY name",
                   [&](const auto& row) { indexes.push_back({row.text(0), row.text(2), row.int64(1) != 0}); }, t.name);
    for (const auto& index : indexes) {
      if (index.origin == "pk") continue;
      std::vector<std::string> columns;
      s.for_each_row("SELECT COALESCE(name, '<expression>') FROM pragma_index_info(?1) ORDER BY seqno",
                     [&](const auto& row) { columns.push_back(row.text(0)); }, index.name);
      schema::operation op{.kind = index.origin == "u" ? schema::op_kind::add_unique : schema::op_kind::create_index,
                           .table = table.name, .name = schema::keep(out, index.name)};
      op.keys = detail::names_of(out, columns);
      op.is_unique = index.unique;
      table.keys.push_back(op);
    }

    struct reference {
      std::string table, on_delete;
      std::vector<std::string> from, to;
    };
    std::map<std::int64_t, reference> references;
    s.for_each_row("SELECT id, \"table\", \"from\", COALESCE(\"to\", ''), on_delete FROM pragma_foreign_key_list(?1) "
                   "ORDER BY id, seq",
                   [&](const auto& row) {
                     auto& r = references[row.int64(0)];
                     r.table = row.text(1);
                     r.on_delete = row.text(4);
                     r.from.push_back(row.text(2));
                     r.to.push_back(row.text(3));
                   },
                   t.name);
    for (auto& [id, r] : references) {
      // REFERENCES t without columns means t's primary key.
      for (auto& column : r.to)
        if (column.empty()) column = primary_key_of(r.table);
      schema::operation op{.kind = schema::op_kind::add_foreign_key, .table = table.name};
      op.keys = detail::names_of(out, r.from);
      op.ref_table = schema::keep(out, r.table);
      op.ref_keys = detail::names_of(out, r.to);
      if (r.on_delete != "NO ACTION") op.delete_action = schema::keep(out, r.on_delete);
      table.keys.push_back(op);
    }
    out.tables.push_back(std::move(table));
  }
  return out;
}

}  // namespace migrate::sqlite

MIGRATE_DETAIL_ZERO_FIELDS_END
