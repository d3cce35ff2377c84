#include <catch2/catch.hpp>

#include <migrate/sqlite/session.hpp>
#include <migrate/sqlite/store.hpp>

TEST_CASE("session runs scripts, binds parameters and reads values", "[sqlite][session]") {
  migrate::sqlite::store store(":memory:");
  auto& db = store.session();
  db.execute_script("CREATE TABLE t (id INTEGER, name TEXT); -- a comment\n;\nINSERT INTO t VALUES (1, 'a');");
  db.execute("INSERT INTO t VALUES (?1, ?2)", 2, "it's");
  CHECK(db.query_value<int>("SELECT count(*) FROM t") == 2);
  CHECK(db.query_value<std::string>("SELECT name FROM t WHERE id = ?1", 2) == "it's");
  CHECK_FALSE(db.query_value<int>("SELECT id FROM t WHERE id = 99").has_value());
  auto stmt = db.prepare("SELECT id FROM t ORDER BY id");
  std::vector<std::int64_t> ids;
  while (stmt.step()) ids.push_back(stmt.column_int64(0));
  CHECK(ids == std::vector<std::int64_t>{1, 2});
}

TEST_CASE("session errors carry SQLite's message and code", "[sqlite][session]") {
  migrate::sqlite::store store(":memory:");
  auto& db = store.session();
  db.execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  db.execute("INSERT INTO t VALUES (1)");
  try {
    db.execute("INSERT INTO t VALUES (1)");
    FAIL("expected a constraint error");
  } catch (const migrate::sqlite::error& e) {
    CHECK(e.result_code() == SQLITE_CONSTRAINT_PRIMARYKEY);
    CHECK_THAT(e.what(), Catch::Matchers::Contains("UNIQUE constraint failed: t.id"));
    CHECK(e.code() == migrate::errc::store_failure);
  }
  CHECK_THROWS_WITH(db.execute_script("SELEC 1"), Catch::Matchers::Contains("syntax error"));
}
