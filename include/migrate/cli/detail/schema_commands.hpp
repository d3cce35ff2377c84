// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// What `verify --schema` and `schema` print: drift findings as text and JSON, and the model as DDL.

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <migrate/cli/detail/json.hpp>
#include <migrate/cli/detail/terminal.hpp>
#include <migrate/core/dialect.hpp>
#include <migrate/schema/drift.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli::detail {

inline constexpr std::string_view no_typed_migrations =
    "this build has no typed schema migrations (MIGRATE_SCHEMA_MIGRATION), so there is no schema model to compare "
    "with; raw SQL and C++ migrations are not modelled";

/// `verify --schema`'s lines after the state check: "schema matches", the differences, or why nothing was compared.
inline std::string drift_text(const schema::schema_check& check, std::string_view at, const painter& paint) {
  if (!check.typed) return fmt::format("Schema not compared: {}.\n", no_typed_migrations);
  std::string note;
  if (!check.expected.closed)
    note = "; raw SQL or C++ migrations ran, so tables they made are not compared";
  if (check.clean())
    return fmt::format("{} schema matches the model at {} ({} table(s){}).\n", paint(tone::green, "OK:"), at,
                       check.expected.tables.size(), note);
  std::string text = fmt::format("Schema drift: {} difference(s) from the model at {}{}:\n", check.findings.size(), at,
                                 note);
  for (const auto& f : check.findings)
    text += fmt::format("  {}  {}\n", paint(tone::red, fmt::format("{:<19}", schema::to_string(f.kind))), f.message);
  return text;
}

/// `verify --schema`'s `"schema"` member of the JSON output.
inline std::string drift_json(const schema::schema_check& check) {
  json_object out;
  out.add("compared", check.typed).add_strings("at", check.at);
  if (!check.typed) {
    out.add("reason", no_typed_migrations).add_raw("findings", "[]");
    return out.str();
  }
  out.add("closed", check.expected.closed).add_count("tables", check.expected.tables.size());
  json_array list;
  for (const auto& f : check.findings)
    list.push(json_object()
                  .add("kind", schema::to_string(f.kind))
                  .add("table", f.table)
                  .add("name", f.name)
                  .add("expected", f.expected)
                  .add("actual", f.actual)
                  .add("message", f.message));
  out.add("matches", check.clean()).add_raw("findings", list.str());
  return out.str();
}

/// The model after the migrations marked in `applied`, as DDL in dialect `d`, with a header saying what it is.
inline std::string schema_script(const schema::chain_schema& model, const std::vector<bool>& applied, dialect d,
                                 std::string_view program, std::string_view label, std::string_view reason) {
  std::string text = fmt::format(
      "-- Generated offline by `{} schema`: the schema the typed migrations build at {}.\n-- Dialect: {} ({}).\n\n",
      program, label, to_string(d), reason);
  const auto snapshot = model.at(applied, d);
  switch (d) {
#define MIGRATE_CLI_SCHEMA_CASE(name) \
  case dialect::name: text += schema::schema_ddl<dialect::name>(snapshot); break;
    MIGRATE_DIALECTS(MIGRATE_CLI_SCHEMA_CASE)
#undef MIGRATE_CLI_SCHEMA_CASE
  }
  if (snapshot.tables.empty()) text += "-- (no tables)\n";
  return text;
}

}  // namespace migrate::cli::detail
