// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Reading the state tables of the tools teams switch from, as those tools write them:
/// Alembic's `alembic_version(version_num)`, golang-migrate's `schema_migrations(version, dirty)`, a Go service
/// runner's `schema_migrations(version, description, applied_at)`, Flyway's `flyway_schema_history`.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <migrate/core/adoption.hpp>
#include <migrate/core/detail/utc_time.hpp>
#include <migrate/sql/dialect.hpp>
#include <migrate/core/detail/join.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::sql {

namespace detail {
// Booleans as each database prints them: PostgreSQL "t"/"f", SQLite 1/0, some tools "true".
inline bool is_true(std::string_view text) { return text == "t" || text == "true" || text == "1" || text == "TRUE"; }

// A foreign time as our UTC text; the tool's own text when it is not a time we can read.
inline std::string utc_or_raw(const std::string& text) {
  if (auto at = migrate::detail::parse_sql_timestamp(text)) return migrate::detail::utc_timestamp(*at);
  return text;
}

template <class Session>
bool has_column(Session& session, const dialect& sql, std::string_view table, std::string_view column) {
  bool found = false;
  session.for_each_row(sql.column_exists, [&found](const auto&) { found = true; }, table, column);
  return found;
}
}  // namespace detail

/// The user's tables in the current schema (the state table included, when it exists).
template <class Session>
std::vector<std::string> list_tables(Session& session, const dialect& sql) {
  std::vector<std::string> tables;
  session.for_each_row(sql.list_tables, [&tables](const auto& row) { tables.push_back(row.text(0)); });
  return tables;
}

/// The first foreign tool state among `tables`, read as the tool wrote it; nullopt when there is none.
template <class Session>
std::optional<foreign_state> read_foreign_state(Session& session, const dialect& sql,
                                                const std::vector<std::string>& tables) {
  auto present = [&](std::string_view name) { return std::find(tables.begin(), tables.end(), name) != tables.end(); };
  if (present("alembic_version")) {
    foreign_state f{"alembic", "alembic_version", {}, true};
    session.for_each_row("SELECT version_num FROM alembic_version ORDER BY version_num",
                         [&f](const auto& row) { f.revisions.push_back({row.text(0), {}, {}}); });
    return f;
  }
  if (present("schema_migrations") && detail::has_column(session, sql, "schema_migrations", "dirty")) {
    foreign_state f{"golang-migrate", "schema_migrations", {}, true};
    session.for_each_row("SELECT CAST(version AS TEXT), CAST(dirty AS TEXT) FROM schema_migrations",
                         [&f](const auto& row) {
                           f.revisions.push_back({row.text(0), {}, {}});
                           if (detail::is_true(row.text(1)))
                             f.dirty = fmt::format("golang-migrate marks version {} dirty (it failed half-way); "
                                                   "fix the schema and `migrate force` the right version first",
                                                   row.text(0));
                         });
    return f;
  }
  if (present("schema_migrations") && detail::has_column(session, sql, "schema_migrations", "description")) {
    foreign_state f{"go-runner", "schema_migrations", {}, false};
    session.for_each_row(
        "SELECT CAST(version AS TEXT), description, CAST(applied_at AS TEXT) FROM schema_migrations ORDER BY version",
        [&f](const auto& row) {
          f.revisions.push_back({row.text(0), row.text(1), detail::utc_or_raw(row.text(2))});
        });
    return f;
  }
  if (present("flyway_schema_history")) {
    foreign_state f{"flyway", "flyway_schema_history", {}, false};
    session.for_each_row(
        "SELECT version, description, CAST(installed_on AS TEXT), CAST(success AS TEXT), type "
        "FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank",
        [&f](const auto& row) {
          auto type = row.text(4);
          if (type.starts_with("UNDO")) return;  // an undo is not an applied version
          if (!detail::is_true(row.text(3))) {
            f.dirty = fmt::format("Flyway records version {} as failed; run `flyway repair` (or fix it) first",
                                  row.text(0));
            return;
          }
          f.revisions.push_back({row.text(0), row.text(1), detail::utc_or_raw(row.text(2))});
        });
    return f;
  }
  return std::nullopt;
}

/// Describes what a database without migrate state holds: another tool's state first, then its tables; "" if empty.
template <class Session>
std::string describe_unmanaged(Session& session, const dialect& sql, std::string_view state_table) {
  auto tables = list_tables(session, sql);
  std::erase(tables, std::string(state_table));
  if (tables.empty()) return {};
  auto foreign = read_foreign_state(session, sql, tables);
  constexpr std::size_t shown = 5;
  auto listed = migrate::detail::join_text(tables.begin(), tables.begin() + std::min(tables.size(), shown), ", ");
  if (tables.size() > shown) listed += fmt::format(" and {} more", tables.size() - shown);
  return fmt::format("{}{} table(s) ({})", foreign ? foreign->describe() + " and " : "", tables.size(), listed);
}

}  // namespace migrate::sql
