// `verify --schema` and `schema --dialect` on real SQLite files: clean, drift (exit 3, text and --json), an older
// revision, a chain without typed migrations, and the exported DDL run on an empty database reading back as the model.

#include <typed_chain.hpp>

#include "harness.hpp"

using namespace cli_test;
using chain = typed_chain::registry;

namespace {
// The catalog of the SQLite file `path`, compared with the model at the head.
std::vector<migrate::schema::drift_finding> drift_from_head(const std::string& path) {
  migrate::sqlite::store store(path);
  return migrate::schema::compare(migrate::schema::head_schema<chain>(), live_schema(store));
}
}  // namespace

TEST_CASE("verify --schema is clean after an upgrade and names a hand-made column with exit 3") {
  sandbox box;
  REQUIRE(box.run<chain>({"upgrade"}).exit == 0);
  auto clean = box.run<chain>({"verify", "--schema"});
  CHECK(clean.exit == 0);
  check_golden("verify_schema_clean.txt", transcript(clean, box));

  {
    migrate::sqlite::store store(box.database());
    store.session().execute_script("ALTER TABLE users ADD COLUMN x TEXT; DROP INDEX ix_doses_user_taken");
  }
  auto drift = box.run<chain>({"verify", "--schema"});
  CHECK(drift.exit == 3);
  CHECK(drift.out.find("users.x: extra column (text), not in the model") != std::string::npos);
  check_golden("verify_schema_drift.txt", transcript(drift, box));

  auto json = box.run<chain>({"verify", "--schema", "--json"});
  CHECK(json.exit == 3);
  CHECK(json.out.find(R"("schema":{"compared":true,"at":["d4d4d4d4d4d4"],"closed":true,"tables":3,"matches":false,)")
        != std::string::npos);
  CHECK(json.out.find(R"({"kind":"extra_column","table":"users","name":"x","expected":"","actual":"text",)") !=
        std::string::npos);
  check_golden("verify_schema_drift.json.txt", transcript(json, box));

  // Without --schema, verify checks the recorded state only, which is fine.
  CHECK(box.run<chain>({"verify"}).exit == 0);
}

TEST_CASE("verify --schema after downgrade -1 compares with the model at that revision") {
  sandbox box;
  REQUIRE(box.run<chain>({"upgrade"}).exit == 0);
  REQUIRE(box.run<chain>({"downgrade", "-1"}).exit == 0);
  auto r = box.run<chain>({"verify", "--schema"});
  CHECK(r.exit == 0);
  CHECK(r.out.find("OK: schema matches the model at c3c3c3c3c3c3 (2 table(s)).") != std::string::npos);
}

TEST_CASE("verify --schema on a chain without typed migrations says there is nothing to compare") {
  sandbox box;
  REQUIRE(box.run<typed_chain::untyped>({"upgrade"}).exit == 0);
  auto r = box.run<typed_chain::untyped>({"verify", "--schema"});
  CHECK(r.exit == 0);
  CHECK(r.out.find("Schema not compared: this build has no typed schema migrations") != std::string::npos);
  auto json = box.run<typed_chain::untyped>({"verify", "--schema", "--json"});
  CHECK(json.out.find(R"("schema":{"compared":false,"at":["f6f6f6f6f6f6"],"reason":)") != std::string::npos);
  CHECK(box.run<typed_chain::untyped>({"status", "--schema"}).exit == 2);
}

TEST_CASE("schema --dialect prints the head schema offline; the SQLite DDL builds a database the model matches") {
  sandbox box;
  auto sqlite = box.run<chain>({"schema", "--dialect", "sqlite"});
  CHECK(sqlite.exit == 0);
  check_golden("schema_sqlite.txt", transcript(sqlite, box));
  auto pg = box.run<chain>({"schema", "--dialect=postgresql"});
  CHECK(pg.exit == 0);
  check_golden("schema_postgresql.txt", transcript(pg, box));
  CHECK_FALSE(std::filesystem::exists(box.database()));  // no connection

  {
    migrate::sqlite::store empty(box.dir() + "/from_ddl.db");
    empty.session().execute_script(sqlite.out);
  }
  auto findings = drift_from_head(box.dir() + "/from_ddl.db");
  std::string listed;
  for (const auto& f : findings) listed += f.message + "\n";
  INFO(listed);
  CHECK(findings.empty());

  // The database URL's dialect when --dialect is not given (a SQLite path here); --to an older revision.
  auto by_url = box.run<chain>({"schema"}).out;
  CHECK(by_url.find("-- Dialect: sqlite (the database URL's; --dialect chooses another).") != std::string::npos);
  CHECK(by_url.substr(by_url.find("CREATE TABLE")) == sqlite.out.substr(sqlite.out.find("CREATE TABLE")));
  auto older = box.run<chain>({"schema", "--to", "a1a1"});
  CHECK(older.exit == 0);
  CHECK(older.out.find("CREATE TABLE users") != std::string::npos);
  CHECK(older.out.find("phone") == std::string::npos);

  auto json = box.run<chain>({"schema", "--dialect", "sqlite", "--json"});
  CHECK(json.out.find(R"("command":"schema","ok":true,"exit_code":0,"at":"d4d4d4d4d4d4","dialect":"sqlite","typed":true,"ddl":"-- Generated)") != std::string::npos);

  auto untyped = box.run<typed_chain::untyped>({"schema", "--dialect", "sqlite"});
  CHECK(untyped.exit == 0);
  CHECK(untyped.out.starts_with("-- No schema model: this build has no typed schema migrations"));
  CHECK(box.run<chain>({"schema", "--dialect", "mysql"}).exit == 2);
}

TEST_CASE("schema marks what raw SQL may have changed; verify --schema then compares only what the model knows") {
  sandbox box;
  auto ddl = box.run<typed_chain::with_raw_sql>({"schema", "--dialect", "sqlite"});
  CHECK(ddl.exit == 0);
  CHECK(ddl.out.find("-- users: changed by raw SQL or C++ migrations; as far as known:\nCREATE TABLE users (") !=
        std::string::npos);
  CHECK(ddl.out.ends_with("-- raw SQL or C++ migrations may have created tables not shown here\n"));

  REQUIRE(box.run<typed_chain::with_raw_sql>({"upgrade"}).exit == 0);
  auto r = box.run<typed_chain::with_raw_sql>({"verify", "--schema"});
  CHECK(r.exit == 0);
  CHECK(r.out.find("OK: schema matches the model at e5e5e5e5e5e5 (1 table(s); raw SQL or C++ migrations ran, so "
                   "tables they made are not compared).") != std::string::npos);
}

TEST_CASE("schema --dialect sqlite writes a foreign key SQLite cannot ADD inside CREATE TABLE, as a rebuild does") {
  sandbox box;
  using chain_with_key = typed_chain::key_added_later;
  auto sqlite = box.run<chain_with_key>({"schema", "--dialect", "sqlite"});
  CHECK(sqlite.exit == 0);
  CHECK(sqlite.out.find("  user_id INTEGER NOT NULL,\n  CONSTRAINT fk_doses_user FOREIGN KEY (user_id) REFERENCES users "
                        "(id)\n);\n") != std::string::npos);
  CHECK(sqlite.out.find("INDEX fk_doses_user") == std::string::npos);
  CHECK(sqlite.out.find("ADD CONSTRAINT") == std::string::npos);
  migrate::sqlite::store empty(box.dir() + "/from_ddl.db");
  CHECK_NOTHROW(empty.session().execute_script(sqlite.out));
  CHECK(empty.session().query_value<std::string>("SELECT \"table\" FROM pragma_foreign_key_list('doses')") == "users");

  auto pg = box.run<chain_with_key>({"schema", "--dialect", "postgresql"});
  CHECK(pg.out.find("ALTER TABLE doses ADD CONSTRAINT fk_doses_user FOREIGN KEY (user_id) REFERENCES users (id);\n") !=
        std::string::npos);
}

TEST_CASE("schema --dialect prints each dialect's own model: a key added for PostgreSQL only is not in SQLite's") {
  sandbox box;
  using chain = typed_chain::postgres_only_key;
  auto sqlite = box.run<chain>({"schema", "--dialect", "sqlite"});
  CHECK(sqlite.exit == 0);
  CHECK(sqlite.out.find("fk_doses_user") == std::string::npos);
  auto pg = box.run<chain>({"schema", "--dialect", "postgresql"});
  CHECK(pg.out.find("ALTER TABLE doses ADD CONSTRAINT fk_doses_user FOREIGN KEY (user_id) REFERENCES users (id);\n") !=
        std::string::npos);
}
