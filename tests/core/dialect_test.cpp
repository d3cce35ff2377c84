// Per-dialect SQL: which text and checksum each dialect's view of a registry holds, and which stores it runs on.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include <migrate/core.hpp>

namespace {

using migrate::dialect;

MIGRATE_SQL_MIGRATION(plain, .revision = "d1", .description = "portable only", .up = "CREATE TABLE t (x INTEGER)",
                      .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(overridden, .revision = "d2", .revises = "d1", .description = "identity on postgresql",
                      .up = "CREATE TABLE u (id INTEGER PRIMARY KEY)", .down = "DROP TABLE u",
                      .postgresql = {.up = "CREATE TABLE u (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY)"});
MIGRATE_SQL_MIGRATION(crlf_override, .revision = "d3", .revises = "d2", .description = "CRLF in an override",
                      .up = "SELECT 1", .down = "SELECT 2", .sqlite = {.up = "SELECT\r\n3", .down = "SELECT 4"});
MIGRATE_SQL_MIGRATION(pg_only, .revision = "d4", .revises = "d3", .description = "postgresql only",
                      .up = "CREATE EXTENSION IF NOT EXISTS pgcrypto", .down = "DROP EXTENSION pgcrypto",
                      .only = migrate::dialect::postgresql);
MIGRATE_SQL_MIGRATION(overrides_only, .revision = "d5", .revises = "d4", .description = "each its own",
                      .sqlite = {.up = "SELECT 'sqlite'", .down = "SELECT 'sqlite down'"},
                      .postgresql = {.up = "SELECT 'pg'", .down = "SELECT 'pg down'"});

using portable_registry = migrate::registry<plain, overridden, crlf_override>;
using full_registry = migrate::registry<plain, overridden, crlf_override, pg_only, overrides_only>;

std::string text(std::string_view view) { return std::string(view); }
std::string checksum_of(std::string_view sql) {
  auto digits = migrate::sql_checksum_text(sql);
  return std::string(digits.data(), digits.size());
}

// Stores that differ only in the dialect they declare (none, SQLite, PostgreSQL).
struct sql_session {
  void execute_script(std::string_view) {}
};
struct undeclared_store {
  using session_type = sql_session;
  struct guard {};
  std::string describe() const { return "memory"; }
  guard lock(const migrate::events&) { return {}; }
  std::vector<migrate::applied_migration> load_state() { return {}; }
  void apply(const migrate::migration_info&, const migrate::applied_migration&, const migrate::step_body<sql_session>&) {}
  void revert(const migrate::migration_info&, const migrate::step_body<sql_session>&) {}
  void replace_state(std::vector<migrate::applied_migration>) {}
};
struct sqlite_like_store : undeclared_store {
  static constexpr dialect sql_dialect = dialect::sqlite;
};
struct postgresql_like_store : undeclared_store {
  static constexpr dialect sql_dialect = dialect::postgresql;
};

}  // namespace

TEST_CASE("dialects are named as their URL schemes", "[dialect]") {
  STATIC_REQUIRE(migrate::dialect_count == 2);
  STATIC_REQUIRE(migrate::to_string(dialect::sqlite) == "sqlite");
  STATIC_REQUIRE(migrate::to_string(dialect::postgresql) == "postgresql");
  STATIC_REQUIRE(migrate::dialect_named("postgresql") == dialect::postgresql);
  STATIC_REQUIRE(!migrate::dialect_named("postgres").has_value());
  STATIC_REQUIRE(!migrate::dialect_named("mysql").has_value());
}

TEST_CASE("a migration without overrides keeps its checksum in every dialect", "[dialect][checksum]") {
  auto expected = checksum_of("CREATE TABLE t (x INTEGER)");
  CHECK(text(portable_registry::migrations()[0].checksum) == expected);
  CHECK(text(portable_registry::migrations_for<dialect::sqlite>()[0].checksum) == expected);
  CHECK(text(portable_registry::migrations_for<dialect::postgresql>()[0].checksum) == expected);
  CHECK(text(portable_registry::migrations_for(dialect::postgresql)[0].up_sql) == "CREATE TABLE t (x INTEGER)");
  CHECK(portable_registry::migrations()[0].dialects == migrate::dialect_set{dialect::sqlite, dialect::postgresql});
}

TEST_CASE("an override replaces the text and checksum of its dialect only", "[dialect][checksum]") {
  const auto& sqlite = portable_registry::migrations_for<dialect::sqlite>()[1];
  const auto& pg = portable_registry::migrations_for<dialect::postgresql>()[1];
  CHECK(text(sqlite.up_sql) == "CREATE TABLE u (id INTEGER PRIMARY KEY)");
  CHECK(text(sqlite.checksum) == checksum_of("CREATE TABLE u (id INTEGER PRIMARY KEY)"));
  CHECK(text(pg.up_sql) == "CREATE TABLE u (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY)");
  CHECK(text(pg.checksum) == checksum_of("CREATE TABLE u (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY)"));
  CHECK(text(pg.down_sql) == "DROP TABLE u");  // no .down override: the portable one
  // The portable view (stores that declare no dialect) is what it was before overrides existed.
  CHECK(text(portable_registry::migrations()[1].checksum) == checksum_of("CREATE TABLE u (id INTEGER PRIMARY KEY)"));
}

TEST_CASE("override checksums are blind to line endings", "[dialect][checksum]") {
  const auto& sqlite = portable_registry::migrations_for<dialect::sqlite>()[2];
  CHECK(text(sqlite.up_sql) == "SELECT\r\n3");
  CHECK(text(sqlite.down_sql) == "SELECT 4");
  CHECK(text(sqlite.checksum) == checksum_of("SELECT\n3"));
  CHECK(text(portable_registry::migrations_for<dialect::postgresql>()[2].checksum) == checksum_of("SELECT 1"));
}

TEST_CASE(".only and override-only migrations have no text elsewhere", "[dialect]") {
  const auto& on_sqlite = full_registry::migrations_for<dialect::sqlite>()[3];
  const auto& on_pg = full_registry::migrations_for<dialect::postgresql>()[3];
  CHECK(on_sqlite.up_sql.empty());
  CHECK(on_sqlite.checksum.empty());
  CHECK(text(on_pg.up_sql) == "CREATE EXTENSION IF NOT EXISTS pgcrypto");
  CHECK(on_pg.dialects == migrate::dialect_set{dialect::postgresql});
  const auto& both = full_registry::migrations_for<dialect::postgresql>()[4];
  CHECK(text(both.up_sql) == "SELECT 'pg'");
  CHECK(text(both.down_sql) == "SELECT 'pg down'");
  CHECK(full_registry::migrations()[4].up_sql.empty());
  CHECK(full_registry::migrations()[4].checksum.empty());
}

TEST_CASE("can_run_on needs text for the store's dialect", "[dialect]") {
  STATIC_REQUIRE(migrate::can_run_on<portable_registry, undeclared_store>);
  STATIC_REQUIRE(migrate::can_run_on<portable_registry, sqlite_like_store>);
  STATIC_REQUIRE(migrate::can_run_on<portable_registry, postgresql_like_store>);
  STATIC_REQUIRE(migrate::can_run_on<full_registry, postgresql_like_store>);
  STATIC_REQUIRE(!migrate::can_run_on<full_registry, sqlite_like_store>);   // pg_only
  STATIC_REQUIRE(!migrate::can_run_on<full_registry, undeclared_store>);    // pg_only, overrides_only
}

TEST_CASE("the migrator runs and records the store dialect's text", "[dialect]") {
  postgresql_like_store store;
  migrate::migrator<full_registry, postgresql_like_store> runner(store, {.sinks = {}});
  CHECK(text(runner.migrations()[1].up_sql) == "CREATE TABLE u (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY)");
  CHECK(text(runner.migrations()[4].checksum) == checksum_of("SELECT 'pg'"));
}
