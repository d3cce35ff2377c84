#pragma once
// Adopting databases other tools migrated, on every SQL store: their state tables are written here exactly as those
// tools write them (golang-migrate's drivers, Flyway's history table, a Go service runner's table, Alembic's
// alembic_version; a real Alembic run is tests/sqlite/alembic_adopt_test.sh). Instantiate with
// MIGRATE_ADOPT_SUITE(Fixture): the fixture of sql_suite.hpp plus `std::string dialect_name()` ("sqlite" or
// "postgresql").

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <migrate/core.hpp>

#include "runtime_suite.hpp"

namespace migrate_test::adopt_suite {
// The Go runner's migrations 1 and 2, imported with their ids, plus a new one of ours.
MIGRATE_SQL_MIGRATION(go1, .revision = "1", .description = "create users",
                      .up = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);", .down = "DROP TABLE users;");
MIGRATE_SQL_MIGRATION(go2, .revision = "2", .revises = "1", .description = "add phone",
                      .up = "ALTER TABLE users ADD COLUMN phone TEXT;", .down = "ALTER TABLE users DROP COLUMN phone;");
MIGRATE_SQL_MIGRATION(go3, .revision = "3", .revises = "2", .description = "create visits",
                      .up = "CREATE TABLE visits (id INTEGER PRIMARY KEY);", .down = "DROP TABLE visits;");
using go_chain = migrate::registry<go1, go2, go3>;
// Flyway's V1, V1.1 and a new one.
MIGRATE_SQL_MIGRATION(fw1, .revision = "1", .description = "create users",
                      .up = "CREATE TABLE users (id INTEGER PRIMARY KEY);", .down = "DROP TABLE users;");
MIGRATE_SQL_MIGRATION(fw11, .revision = "1.1", .revises = "1", .description = "add email",
                      .up = "ALTER TABLE users ADD COLUMN email TEXT;", .down = "ALTER TABLE users DROP COLUMN email;");
MIGRATE_SQL_MIGRATION(fw2, .revision = "2", .revises = "1.1", .description = "create visits",
                      .up = "CREATE TABLE visits (id INTEGER PRIMARY KEY);", .down = "DROP TABLE visits;");
using flyway_chain = migrate::registry<fw1, fw11, fw2>;

template <class Store>
std::vector<migrate::applied_migration> rows_of(Store& store) {
  return store.load_state();
}
}  // namespace migrate_test::adopt_suite

#define MIGRATE_ADOPT_SUITE_CASE(Fixture, title) TEST_CASE_METHOD(Fixture, #Fixture ": " title, "[adopt]")

// clang-format off
#define MIGRATE_ADOPT_SUITE(Fixture)                                                                             \
  MIGRATE_ADOPT_SUITE_CASE(Fixture, "a Go runner's database is refused by upgrade, then adopted with its times") { \
    using namespace migrate_test::adopt_suite;                                                                   \
    bool pg = this->dialect_name() == "postgresql";                                                              \
    auto& s = this->store().session();                                                                           \
    s.execute_script("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);"                         \
                     "ALTER TABLE users ADD COLUMN phone TEXT;");                                                \
    s.execute_script(pg ? "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, " \
                          "applied_at TIMESTAMPTZ NOT NULL DEFAULT now()); SET TIME ZONE 'America/New_York'; "   \
                          "INSERT INTO schema_migrations VALUES (1, 'create users', '2026-01-05 10:00:00+00'), " \
                          "(2, 'add phone', '2026-02-07 09:30:00+00')" /* read back as -05 */                  \
                        : "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, " \
                          "applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP); "                            \
                          "INSERT INTO schema_migrations VALUES (1, 'create users', '2026-01-05 10:00:00'), "     \
                          "(2, 'add phone', '2026-02-07 09:30:00')");                                            \
    migrate::migrator<go_chain, typename Fixture::store_type> m(this->store(), migrate_test::quiet());          \
    CHECK_THROWS_MATCHES(m.upgrade(), migrate::error,                                                            \
                         Catch::Matchers::Predicate<migrate::error>([](const migrate::error& e) {                \
                           std::string what = e.what();                                                          \
                           return e.code() == migrate::errc::unmanaged_database &&                               \
                                  what.find("managed by a Go migration runner") != std::string::npos &&         \
                                  what.find("`adopt`") != std::string::npos;                                     \
                         }));                                                                                    \
    auto report = m.adopt();                                                                                     \
    CHECK(report.to == std::vector<std::string>{"2"});                                                           \
    auto rows = rows_of(this->store());                                                                          \
    REQUIRE(rows.size() == 2);                                                                                   \
    CHECK(rows[0].revision == "1");                                                                              \
    CHECK(rows[0].applied_at == "2026-01-05T10:00:00Z");                                                         \
    CHECK(rows[1].applied_at == "2026-02-07T09:30:00Z");                                                         \
    CHECK(rows[1].recorded_by == "adopt:go-runner");                                                             \
    CHECK(this->has_table("schema_migrations"));                                                                 \
    CHECK(m.verify().empty());                                                                                   \
    auto up = m.upgrade();                                                                                       \
    REQUIRE(up.steps.size() == 1);                                                                               \
    CHECK(up.steps[0].revision == "3");                                                                          \
    CHECK_THROWS_WITH(m.adopt(), Catch::Matchers::Contains("already has migrate state"));                       \
  }                                                                                                              \
  MIGRATE_ADOPT_SUITE_CASE(Fixture, "golang-migrate: a clean version is adopted, a dirty one refused") {        \
    using namespace migrate_test::adopt_suite;                                                                   \
    bool pg = this->dialect_name() == "postgresql";                                                              \
    auto& s = this->store().session();                                                                           \
    s.execute_script("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)");                        \
    s.execute_script(pg ? "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint not null primary key, "  \
                          "dirty boolean not null); INSERT INTO schema_migrations VALUES (1, true)"              \
                        : "CREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool); "           \
                          "CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations (version); "    \
                          "INSERT INTO schema_migrations VALUES (1, 1)");                                        \
    migrate::migrator<go_chain, typename Fixture::store_type> m(this->store(), migrate_test::quiet());          \
    CHECK_THROWS_MATCHES(m.adopt(), migrate::error,                                                              \
                         Catch::Matchers::Predicate<migrate::error>([](const migrate::error& e) {                \
                           return e.code() == migrate::errc::dirty_state &&                                      \
                                  std::string(e.what()).find("marks version 1 dirty") != std::string::npos;      \
                         }));                                                                                    \
    CHECK(rows_of(this->store()).empty());                                                                       \
    CHECK_FALSE(this->has_table("migrate_versions"));                                                            \
    s.execute_script(pg ? "UPDATE schema_migrations SET dirty = false" : "UPDATE schema_migrations SET dirty = 0"); \
    m.adopt(migrate::adopt_options{.drop_foreign = true});                                                       \
    auto rows = rows_of(this->store());                                                                          \
    REQUIRE(rows.size() == 1);                                                                                   \
    CHECK(rows[0].recorded_by == "adopt:golang-migrate");                                                        \
    CHECK_FALSE(this->has_table("schema_migrations"));                                                           \
    CHECK(m.upgrade().steps.size() == 2);                                                                        \
  }                                                                                                              \
  MIGRATE_ADOPT_SUITE_CASE(Fixture, "Flyway: successful versioned rows are adopted, failed ones refused") {      \
    using namespace migrate_test::adopt_suite;                                                                   \
    bool pg = this->dialect_name() == "postgresql";                                                              \
    auto& s = this->store().session();                                                                           \
    s.execute_script("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)");                                 \
    s.execute_script(std::string("CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, " \
                     "version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, "        \
                     "script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, "          \
                     "installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL, "  \
                     "success BOOLEAN NOT NULL);") +                                                             \
                     "INSERT INTO flyway_schema_history VALUES "                                                 \
                     "(1, '1', 'create users', 'SQL', 'V1__create_users.sql', 1, 'app', '2026-03-01 08:00:00', 5, " + \
                     (pg ? "true" : "1") + "), "                                                                \
                     "(2, NULL, 'views', 'SQL', 'R__views.sql', 2, 'app', '2026-03-01 08:00:01', 1, " +          \
                     (pg ? "true" : "1") + "), "                                                                \
                     "(3, '1.1', 'add email', 'SQL', 'V1_1__add_email.sql', 3, 'app', '2026-03-02 08:00:00', 4, " + \
                     (pg ? "false" : "0") + ")");                                                               \
    migrate::migrator<flyway_chain, typename Fixture::store_type> m(this->store(), migrate_test::quiet());      \
    CHECK_THROWS_WITH(m.adopt(), Catch::Matchers::Contains("Flyway records version 1.1 as failed"));            \
    CHECK(rows_of(this->store()).empty());                                                                       \
    s.execute_script(pg ? "UPDATE flyway_schema_history SET success = true"                                       \
                        : "UPDATE flyway_schema_history SET success = 1");                                        \
    m.adopt();                                                                                                   \
    auto rows = rows_of(this->store());                                                                          \
    REQUIRE(rows.size() == 2);                                                                                   \
    CHECK(rows[1].revision == "1.1");                                                                            \
    CHECK(rows[1].applied_at == "2026-03-02T08:00:00Z");                                                         \
    CHECK(rows[1].recorded_by == "adopt:flyway");                                                                \
  }                                                                                                              \
  MIGRATE_ADOPT_SUITE_CASE(Fixture, "Alembic's heads are adopted by id or by --map; unknown ones are refused") { \
    using namespace migrate_test::adopt_suite;                                                                   \
    auto& s = this->store().session();                                                                           \
    s.execute_script("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);"                         \
                     "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "                          \
                     "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));"                                \
                     "INSERT INTO alembic_version (version_num) VALUES ('f8ff2ab1fdfa')");                        \
    migrate::migrator<go_chain, typename Fixture::store_type> m(this->store(), migrate_test::quiet());          \
    CHECK_THROWS_MATCHES(m.adopt(), migrate::error,                                                              \
                         Catch::Matchers::Predicate<migrate::error>([](const migrate::error& e) {                \
                           std::string what = e.what();                                                          \
                           return e.code() == migrate::errc::unknown_revision &&                                 \
                                  what.find("Alembic at f8ff2ab1fdfa") != std::string::npos &&                   \
                                  what.find("--map") != std::string::npos;                                       \
                         }));                                                                                    \
    CHECK_FALSE(this->has_table("migrate_versions"));                                                            \
    std::vector<migrate::event> seen;                                                                            \
    migrate::migrator<go_chain, typename Fixture::store_type> mapped(                                            \
        this->store(), migrate_test::quiet({[&seen](const migrate::event& e) { seen.push_back(e); }}));        \
    mapped.adopt(migrate::adopt_options{.mapping = {{"f8ff2ab1fdfa", "1"}}});                                     \
    auto rows = rows_of(this->store());                                                                          \
    REQUIRE(rows.size() == 1);                                                                                   \
    CHECK(rows[0].revision == "1");                                                                              \
    CHECK(rows[0].recorded_by == "adopt:alembic");                                                               \
    bool adopted_event = false;                                                                                  \
    for (const auto& e : seen)                                                                                   \
      adopted_event = adopted_event || (e.kind == migrate::event_kind::adopted &&                               \
                                        e.message.find("Alembic") != std::string::npos);                        \
    CHECK(adopted_event);                                                                                        \
    CHECK(this->has_table("alembic_version"));                                                                   \
  }                                                                                                              \
  MIGRATE_ADOPT_SUITE_CASE(Fixture, "adopt without any foreign state refuses and points to stamp") {            \
    using namespace migrate_test::adopt_suite;                                                                   \
    migrate::migrator<go_chain, typename Fixture::store_type> m(this->store(), migrate_test::quiet());          \
    CHECK_THROWS_WITH(m.adopt(), Catch::Matchers::Contains("`stamp`"));                                         \
    CHECK_FALSE(this->has_table("migrate_versions"));                                                            \
  }
// clang-format on
