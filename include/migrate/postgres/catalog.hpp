// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// PostgreSQL's live schema for `verify --schema`: `information_schema.columns` and `pg_catalog`'s indexes and
/// constraints in the connection's current schema, read back into the portable shape the typed migrations' model has.

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/core/detail/zero_fields.hpp>
#include <migrate/postgres/store.hpp>
#include <migrate/schema/drift.hpp>

MIGRATE_DETAIL_ZERO_FIELDS_BEGIN

namespace migrate::inline MIGRATE_ABI_NAMESPACE::postgres {
namespace detail {

/// The portable family of a column from its `udt_name` and sizes; identity and serial columns are `auto_id`.
inline schema::column_type family_of(std::string_view udt, std::int64_t length, std::int64_t precision,
                                     std::int64_t scale, bool generated) {
  using schema::type_family;
  if (generated && (udt == "int2" || udt == "int4" || udt == "int8")) return {type_family::auto_id};
  if (udt == "int2" || udt == "int4") return {type_family::integer};
  if (udt == "int8") return {type_family::bigint};
  if (udt == "bool") return {type_family::boolean};
  if (udt == "varchar" || udt == "bpchar") return {type_family::varchar, static_cast<std::uint16_t>(length)};
  if (udt == "numeric")
    return {type_family::numeric, 0, static_cast<std::uint8_t>(precision), static_cast<std::uint8_t>(scale)};
  if (udt == "float4" || udt == "float8") return {type_family::real};
  if (udt == "date") return {type_family::date};
  if (udt == "timestamp") return {type_family::timestamp};
  if (udt == "timestamptz") return {type_family::timestamp_tz};
  if (udt == "uuid") return {type_family::uuid};
  if (udt == "json" || udt == "jsonb") return {type_family::json};
  if (udt == "bytea") return {type_family::bytes};
  return {type_family::text};  // text, and types the portable set does not have (shown as text)
}

// Names joined with the unit separator by the queries below.
inline schema::name_list names_of(schema::schema_snapshot& snapshot, std::string_view joined) {
  schema::name_list list;
  while (!joined.empty() && list.count < schema::max_key_columns) {
    auto end = std::min(joined.find('\x1f'), joined.size());
    list.names[list.count++] = schema::keep(snapshot, std::string(joined.substr(0, end)));
    joined.remove_prefix(std::min(end + 1, joined.size()));
  }
  return list;
}

// The column names of attribute numbers `numbers` (of relation `relation`), in order, joined by chr(31).
inline constexpr std::string_view attribute_names =
    "array_to_string(ARRAY(SELECT a.attname FROM unnest({0}::smallint[]) WITH ORDINALITY k(attnum, n) "
    "JOIN pg_attribute a ON a.attrelid = {1} AND a.attnum = k.attnum ORDER BY k.n), chr(31))";

}  // namespace detail

/// The tables of the connection's current schema (without migrate's state table and other tools' state tables),
/// with their columns, indexes and foreign keys. An identity (or serial) integer column is an `auto_id`, JSONB is
/// `json`; a unique constraint's index is an `add_unique`, every other index a `create_index` (the primary key's is
/// left out); foreign keys are `add_foreign_key`s.
inline schema::schema_snapshot live_schema(store& db) {
  auto& s = db.session();
  schema::schema_snapshot out;
  std::map<std::string, std::size_t> position;
  s.for_each_row("SELECT c.relname::text FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
                 "AND c.relkind IN ('r', 'p') ORDER BY c.oid",
                 [&](const auto& row) {
                   auto name = row.text(0);
                   if (name == db.table() || std::find(std::begin(schema::foreign_state_tables),
                                                       std::end(schema::foreign_state_tables),
                                                       name) != std::end(schema::foreign_state_tables))
                     return;
                   position[name] = out.tables.size();
                   out.tables.push_back({.name = schema::keep(out, name)});
                 });
  auto table_of = [&](const std::string& name) -> schema::table_snapshot* {
    auto it = position.find(name);
    return it == position.end() ? nullptr : &out.tables[it->second];
  };

  s.for_each_row(
      "SELECT c.table_name::text, c.column_name::text, c.udt_name::text, COALESCE(c.character_maximum_length, 0), "
      "COALESCE(c.numeric_precision, 0), COALESCE(c.numeric_scale, 0), c.is_nullable = 'YES', "
      "c.is_identity = 'YES' OR COALESCE(c.column_default LIKE 'nextval(%', false), c.column_default, "
      "EXISTS (SELECT 1 FROM pg_index ix JOIN pg_attribute a ON a.attrelid = ix.indrelid "
      "        AND a.attnum = ANY(ix.indkey::smallint[]) "
      "        WHERE ix.indisprimary AND ix.indrelid = (quote_ident(c.table_schema) || '.' || "
      "quote_ident(c.table_name))::regclass AND a.attname = c.column_name) "
      "FROM information_schema.columns c WHERE c.table_schema = current_schema() "
      "ORDER BY c.table_name, c.ordinal_position",
      [&](const auto& row) {
        auto* table = table_of(row.text(0));
        if (!table) return;
        const bool generated = row.text(7) == "t";
        schema::column_def c{.name = schema::keep(out, row.text(1)),
                             .type = detail::family_of(row.text(2), row.int64(3), row.int64(4), row.int64(5),
                                                       generated)};
        c.not_null_ = row.text(6) != "t";
        c.primary_key = row.text(9) == "t";
        if (!row.is_null(8)) c.default_sql = schema::keep(out, row.text(8));
        table->columns.push_back(c);
      });

  s.for_each_row(
      fmt::format("SELECT t.relname::text, i.relname::text, ix.indisunique, con.contype IS NOT NULL, {} "
                  "FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid "
                  "LEFT JOIN pg_constraint con ON con.conindid = ix.indexrelid AND con.contype = 'u' "
                  "WHERE t.relnamespace = current_schema()::regnamespace AND NOT ix.indisprimary "
                  "ORDER BY t.relname, i.relname",
                  fmt::format(detail::attribute_names, "ix.indkey", "ix.indrelid")),
      [&](const auto& row) {
        auto* table = table_of(row.text(0));
        if (!table) return;
        schema::operation op{.kind = row.text(3) == "t" ? schema::op_kind::add_unique : schema::op_kind::create_index,
                             .table = table->name, .name = schema::keep(out, row.text(1))};
        op.keys = detail::names_of(out, row.text(4));
        op.is_unique = row.text(2) == "t";
        table->keys.push_back(op);
      });

  s.for_each_row(
      fmt::format("SELECT t.relname::text, con.conname::text, r.relname::text, con.confdeltype::text, {}, {} "
                  "FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class r ON r.oid = "
                  "con.confrelid WHERE con.contype = 'f' AND t.relnamespace = current_schema()::regnamespace "
                  "ORDER BY t.relname, con.conname",
                  fmt::format(detail::attribute_names, "con.conkey", "con.conrelid"),
                  fmt::format(detail::attribute_names, "con.confkey", "con.confrelid")),
      [&](const auto& row) {
        auto* table = table_of(row.text(0));
        if (!table) return;
        schema::operation op{.kind = schema::op_kind::add_foreign_key, .table = table->name,
                             .name = schema::keep(out, row.text(1))};
        op.ref_table = schema::keep(out, row.text(2));
        op.keys = detail::names_of(out, row.text(4));
        op.ref_keys = detail::names_of(out, row.text(5));
        const auto action = row.text(3);
        if (action == "c") op.delete_action = "CASCADE";
        else if (action == "n") op.delete_action = "SET NULL";
        else if (action == "d") op.delete_action = "SET DEFAULT";
        else if (action == "r") op.delete_action = "RESTRICT";
        table->keys.push_back(op);
      });
  return out;
}

}  // namespace migrate::postgres

MIGRATE_DETAIL_ZERO_FIELDS_END
