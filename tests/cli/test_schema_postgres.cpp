// `verify --schema` and `schema --dialect postgresql` against the PostgreSQL test server (postgres_server fixture):
// clean after upgrade, a changed type exits 3 naming the column, the exported DDL builds a database the model
// matches, and the URL's password shows nowhere.

#include <typed_chain.hpp>

#include "harness.hpp"
#include <postgres_fixture.hpp>

using namespace cli_test;
using chain = typed_chain::registry;

namespace {
// The scratch database's URL with a password in it (the server trusts loopback, so any password connects).
std::string url_with_password(const migrate_test::scratch_database& database) {
  auto url = database.url();
  return url.replace(url.find("migrate@"), 8, "migrate:hunter2-secret@");
}
}  // namespace

TEST_CASE("verify --schema on PostgreSQL: clean after upgrade, a changed type is drift, no secret printed",
          "[postgres]") {
  migrate_test::scratch_database database;
  sandbox box;
  box.env["DATABASE_URL"] = url_with_password(database);
  REQUIRE(box.run<chain>({"upgrade"}).exit == 0);
  auto clean = box.run<chain>({"verify", "--schema"});
  CHECK(clean.exit == 0);
  CHECK(clean.out.find("OK: schema matches the model at d4d4d4d4d4d4 (3 table(s)).") != std::string::npos);

  {
    migrate::postgres::store store(database.url());
    store.session().execute_script("ALTER TABLE users ALTER COLUMN email TYPE TEXT");
  }
  for (auto* json : {"--no-color", "--json"}) {
    auto drift = box.run<chain>({"verify", "--schema", json});
    INFO(drift.out << drift.err);
    CHECK(drift.exit == 3);
    CHECK(drift.out.find("users.email: type varchar(255) expected, the database has text") != std::string::npos);
    CHECK((drift.out + drift.err).find("hunter2-secret") == std::string::npos);
  }
  REQUIRE(box.run<chain>({"downgrade", "-1"}).exit == 0);
  CHECK(box.run<chain>({"verify", "--schema"}).exit == 3);  // the changed type is still there
}

TEST_CASE("schema --dialect postgresql builds, on an empty database, a schema verify finds clean", "[postgres]") {
  sandbox box;
  auto ddl = box.run<chain>({"schema", "--dialect", "postgresql"});
  REQUIRE(ddl.exit == 0);
  migrate_test::scratch_database database;
  migrate::postgres::store store(database.url());
  store.session().execute_script(ddl.out);
  auto findings = migrate::schema::compare(migrate::schema::head_schema<chain>(), live_schema(store));
  std::string listed;
  for (const auto& f : findings) listed += f.message + "\n";
  INFO(ddl.out << listed);
  CHECK(findings.empty());

  // Stamped at the head, the CLI agrees.
  box.env["DATABASE_URL"] = database.url();
  REQUIRE(box.run<chain>({"stamp", "head"}).exit == 0);
  CHECK(box.run<chain>({"verify", "--schema"}).exit == 0);
}
