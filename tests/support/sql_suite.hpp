#pragma once
// What every SQL store (SQLite, PostgreSQL) must do with hostile or foreign content: transaction control inside a
// migration's SQL, malformed state rows, and databases that migrate does not manage. Instantiate with
// MIGRATE_SQL_SUITE(Fixture): the fixture of runtime_suite.hpp plus `bool has_table(std::string_view)`.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <migrate/core.hpp>

#include "runtime_suite.hpp"

namespace migrate_test::sql_suite {
MIGRATE_SQL_MIGRATION(create_t1, .revision = "s1", .description = "create t1", .up = "CREATE TABLE t1 (id INTEGER);",
                      .down = "DROP TABLE t1;");
MIGRATE_SQL_MIGRATION(commits, .revision = "s2", .revises = "s1", .description = "commits by itself",
                      .up = "CREATE TABLE t2 (id INTEGER); COMMIT; CREATE TABLE t3 (id INTEGER);",
                      .down = "DROP TABLE t3; DROP TABLE t2;");
MIGRATE_SQL_MIGRATION(commits_and_begins, .revision = "s2", .revises = "s1", .description = "commits and begins",
                      .up = "CREATE TABLE t2 (id INTEGER); COMMIT; BEGIN; CREATE TABLE t3 (id INTEGER);",
                      .down = "DROP TABLE t3; DROP TABLE t2;");
MIGRATE_SQL_MIGRATION(rolls_back, .revision = "s2", .revises = "s1", .description = "rolls back by itself",
                      .up = "CREATE TABLE t2 (id INTEGER); ROLLBACK; CREATE TABLE t3 (id INTEGER);",
                      .down = "DROP TABLE t3; DROP TABLE t2;");
MIGRATE_SQL_MIGRATION(plain, .revision = "s2", .revises = "s1", .description = "plain",
                      .up = "CREATE TABLE t2 (id INTEGER);", .down = "DROP TABLE t2;");
MIGRATE_SQL_MIGRATION(commits_down, .revision = "s2", .revises = "s1", .description = "plain",
                      .up = "CREATE TABLE t2 (id INTEGER);", .down = "DROP TABLE t2; COMMIT;");
using with_commit = migrate::registry<create_t1, commits>;
using with_commit_begin = migrate::registry<create_t1, commits_and_begins>;
using with_rollback = migrate::registry<create_t1, rolls_back>;
using clean = migrate::registry<create_t1, plain>;
using commit_on_downgrade = migrate::registry<create_t1, commits_down>;

/// Runs `upgrade` and returns the failure's message (empty when it did not fail as expected).
template <class Registry, class Store>
std::string failure_of(Store& store, bool single_transaction, bool up = true) {
  migrate::migrator<Registry, Store> m(store, migrate::run_options{single_transaction, {}});
  try {
    if (up) m.upgrade();
    else m.downgrade();
  } catch (const migrate::migration_failed_error& e) {
    if (e.revision() == "s2") return e.what();
  }
  return {};
}

inline const migrate::applied_migration* row_of(const std::vector<migrate::applied_migration>& rows,
                                                 std::string_view revision) {
  for (const auto& row : rows)
    if (row.revision == revision) return &row;
  return nullptr;
}
}  // namespace migrate_test::sql_suite

#define MIGRATE_SQL_SUITE_CASE(Fixture, title) TEST_CASE_METHOD(Fixture, #Fixture ": " title, "[sql]")

// clang-format off
#define MIGRATE_SQL_SUITE(Fixture)                                                                               \
  MIGRATE_SQL_SUITE_CASE(Fixture, "COMMIT or ROLLBACK inside a migration is detected and recorded as dirty") {  \
    using namespace migrate_test::sql_suite;                                                                     \
    for (bool whole_run : {false, true}) {                                                                       \
      Fixture fresh;                                                                                             \
      auto& store = fresh.store();                                                                               \
      INFO("single_transaction = " << whole_run);                                                                \
      auto message = failure_of<with_commit>(store, whole_run);                                                  \
      CHECK_THAT(message, Catch::Matchers::Contains("ended the transaction migrate opened"));                   \
      CHECK_THAT(message, Catch::Matchers::Contains("s2 is recorded as dirty"));                                \
      CHECK_THAT(message, Catch::Matchers::Contains("stamp"));                                                  \
      auto rows = store.load_state();                                                                            \
      REQUIRE(row_of(rows, "s2") != nullptr);                                                                    \
      CHECK(row_of(rows, "s2")->in_progress);                                                                    \
      CHECK(fresh.has_table("t2"));                                                                              \
      migrate::migrator<with_commit, typename Fixture::store_type> m(store, migrate_test::quiet());             \
      CHECK(m.status().dirty);                                                                                   \
    }                                                                                                            \
  }                                                                                                              \
  MIGRATE_SQL_SUITE_CASE(Fixture, "COMMIT; BEGIN inside a migration is detected; what followed is rolled back") { \
    using namespace migrate_test::sql_suite;                                                                     \
    for (bool whole_run : {false, true}) {                                                                       \
      Fixture fresh;                                                                                             \
      auto& store = fresh.store();                                                                               \
      INFO("single_transaction = " << whole_run);                                                                \
      CHECK_THAT(failure_of<with_commit_begin>(store, whole_run),                                               \
                 Catch::Matchers::Contains("ended the transaction migrate opened"));                            \
      auto rows = store.load_state();                                                                            \
      REQUIRE(row_of(rows, "s2") != nullptr);                                                                    \
      CHECK(row_of(rows, "s2")->in_progress);                                                                    \
      CHECK(fresh.has_table("t2"));                                                                              \
      CHECK_FALSE(fresh.has_table("t3"));                                                                        \
    }                                                                                                            \
  }                                                                                                              \
  MIGRATE_SQL_SUITE_CASE(Fixture, "ROLLBACK inside a migration and COMMIT in a downgrade are detected") {       \
    using namespace migrate_test::sql_suite;                                                                     \
    {                                                                                                            \
      Fixture fresh;                                                                                             \
      CHECK_THAT(failure_of<with_rollback>(fresh.store(), false),                                               \
                 Catch::Matchers::Contains("ended the transaction migrate opened"));                            \
      auto rows = fresh.store().load_state();                                                                    \
      REQUIRE(row_of(rows, "s2") != nullptr);                                                                    \
      CHECK(row_of(rows, "s2")->in_progress);                                                                    \
    }                                                                                                            \
    Fixture fresh;                                                                                               \
    migrate::migrator<commit_on_downgrade, typename Fixture::store_type>(fresh.store(), migrate_test::quiet()).upgrade(); \
    CHECK_THAT(failure_of<commit_on_downgrade>(fresh.store(), false, false),                                    \
               Catch::Matchers::Contains("ended the transaction migrate opened"));                              \
    auto rows = fresh.store().load_state();                                                                      \
    REQUIRE(row_of(rows, "s2") != nullptr);                                                                      \
    CHECK(row_of(rows, "s2")->in_progress);                                                                      \
  }                                                                                                              \
  MIGRATE_SQL_SUITE_CASE(Fixture, "a malformed state row is a finding, not silently accepted") {                \
    using namespace migrate_test::sql_suite;                                                                     \
    migrate::migrator<clean, typename Fixture::store_type> m(this->store(), migrate_test::quiet());             \
    m.upgrade();                                                                                                 \
    this->store().session().execute_script("UPDATE migrate_versions SET in_progress = 7 WHERE revision = 's2'"); \
    auto findings = m.verify(); /* a nonzero flag also reads as dirty: two findings */                          \
    bool malformed = false;                                                                                      \
    for (const auto& f : findings)                                                                               \
      malformed = malformed || (f.code == migrate::errc::invalid_state &&                                        \
                                f.message.find("in_progress is 7") != std::string::npos);                        \
    CHECK(malformed);                                                                                            \
    this->store().session().execute_script(                                                                      \
        "UPDATE migrate_versions SET in_progress = 0, checksum = '' WHERE revision = 's2'");                    \
    findings = m.verify();                                                                                       \
    REQUIRE(findings.size() == 1);                                                                               \
    CHECK(findings[0].code == migrate::errc::checksum_mismatch);                                                 \
    CHECK_THAT(findings[0].message, Catch::Matchers::Contains("blank checksum"));                               \
    CHECK_THROWS_AS(m.upgrade(), migrate::error);                                                                \
  }                                                                                                              \
  MIGRATE_SQL_SUITE_CASE(Fixture, "a database with tables but no migrate state is refused as unmanaged") {      \
    using namespace migrate_test::sql_suite;                                                                     \
    this->store().session().execute_script("CREATE TABLE users (id INTEGER)");                                   \
    migrate::migrator<clean, typename Fixture::store_type> m(this->store(), migrate_test::quiet());             \
    auto findings = m.verify();                                                                                  \
    REQUIRE(findings.size() == 1);                                                                               \
    CHECK(findings[0].code == migrate::errc::unmanaged_database);                                                \
    CHECK_THAT(findings[0].message, Catch::Matchers::Contains("users"));                                        \
    CHECK_FALSE(m.status().up_to_date());                                                                        \
    CHECK_THROWS_MATCHES(m.upgrade(), migrate::error,                                                            \
                         Catch::Matchers::Predicate<migrate::error>([](const migrate::error& e) {                \
                           return e.code() == migrate::errc::unmanaged_database &&                               \
                                  std::string(e.what()).find("nothing was run") != std::string::npos;            \
                         }));                                                                                    \
    CHECK_FALSE(this->has_table("t1"));                                                                          \
    CHECK_FALSE(this->has_table("migrate_versions"));                                                            \
    this->store().session().execute_script(                                                                      \
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL); "                                       \
        "INSERT INTO alembic_version VALUES ('f8ff2ab1fdfa')");                                                   \
    CHECK_THROWS_WITH(m.upgrade(), Catch::Matchers::Contains("Alembic's state (alembic_version at f8ff2ab1fdfa)")); \
    m.stamp(migrate::target::parse("s1"));                                                                       \
    CHECK(m.upgrade().steps.size() == 1);                                                                        \
  }                                                                                                              \
  MIGRATE_SQL_SUITE_CASE(Fixture, "a state table from before recorded_by is read, then upgraded in place") {     \
    using namespace migrate_test::sql_suite;                                                                     \
    bool pg = this->dialect_name() == "postgresql";                                                              \
    this->store().session().execute_script(std::string("CREATE TABLE migrate_versions (seq ") +                 \
        (pg ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT") +        \
        ", revision TEXT NOT NULL UNIQUE, description TEXT NOT NULL, checksum TEXT NOT NULL DEFAULT '', "        \
        "applied_at TEXT NOT NULL, execution_ms BIGINT NOT NULL DEFAULT 0, in_progress INTEGER NOT NULL DEFAULT 0);" \
        "CREATE TABLE t1 (id INTEGER);"                                                                          \
        "INSERT INTO migrate_versions (revision, description, checksum, applied_at) "                             \
        "VALUES ('s1', 'create t1', '', '2026-01-01T00:00:00Z')");                                                \
    migrate::migrator<clean, typename Fixture::store_type> m(this->store(), migrate_test::quiet());             \
    this->store().session().execute_script("UPDATE migrate_versions SET checksum = '" +                          \
        std::string(migrate::chain(clean::migrations())[0].checksum) + "'");                                     \
    auto before = this->store().load_state();                                                                    \
    REQUIRE(before.size() == 1);                                                                                 \
    CHECK(before[0].recorded_by.empty());                                                                        \
    CHECK(m.verify().empty());                                                                                   \
    CHECK(m.upgrade().steps.size() == 1);                                                                        \
    auto after = this->store().load_state();                                                                     \
    REQUIRE(after.size() == 2);                                                                                  \
    CHECK(after[0].recorded_by.empty());                                                                         \
    CHECK(after[1].recorded_by == "upgrade");                                                                    \
    m.stamp(migrate::target::parse("s1"));                                                                       \
    m.stamp(migrate::target::head());                                                                            \
    CHECK(this->store().load_state().at(1).recorded_by == "stamp");                                              \
  }
// clang-format on
