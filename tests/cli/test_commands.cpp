// Every command on a real SQLite file: human and --json output against golden files, effects on the database.

#include "harness.hpp"
#include "registries.hpp"

using namespace cli_test;
using revisions = std::vector<std::string>;

TEST_CASE("status of a new database: nothing applied, everything pending") {
  sandbox box;
  auto human = box.run<v1>({"status"});
  CHECK(human.exit == 0);
  check_golden("status_new.txt", transcript(human, box));
  auto json = box.run<v1>({"status", "--json"});
  CHECK(json.exit == 0);
  check_golden("status_new.json.txt", transcript(json, box));
}

TEST_CASE("upgrade applies every pending migration, SQL and code, and reports each step") {
  sandbox box;
  auto r = box.run<v1>({"upgrade"});
  CHECK(r.exit == 0);
  check_golden("upgrade_head.txt", transcript(r, box));
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f", "2b3c4d5e6f70", "3c4d5e6f7081", "4d5e6f708192"});

  auto again = box.run<v1>({"upgrade"});
  CHECK(again.exit == 0);
  CHECK(again.out == "Nothing to do: already at 4d5e6f708192.\n");

  auto status = box.run<v1>({"status"});
  check_golden("status_head.txt", transcript(status, box));
}

TEST_CASE("upgrade --json reports the steps") {
  sandbox box;
  auto r = box.run<v1>({"--json", "upgrade", "head"});
  CHECK(r.exit == 0);
  CHECK(r.err.empty());
  check_golden("upgrade_head.json.txt", transcript(r, box));
}

TEST_CASE("upgrade to a revision prefix, and by +N") {
  sandbox box;
  CHECK(box.run<v1>({"upgrade", "2b3c"}).exit == 0);
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f", "2b3c4d5e6f70"});
  auto r = box.run<v1>({"upgrade", "+1"});
  CHECK(r.exit == 0);
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f", "2b3c4d5e6f70", "3c4d5e6f7081"});
  check_golden("upgrade_plus_one.txt", transcript(r, box));
}

TEST_CASE("downgrade: one step by default, -N, a revision, base only with --yes") {
  sandbox box;
  REQUIRE(box.run<v1>({"upgrade"}).exit == 0);

  auto one = box.run<v1>({"downgrade"});
  CHECK(one.exit == 0);
  check_golden("downgrade_default.txt", transcript(one, box));
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f", "2b3c4d5e6f70", "3c4d5e6f7081"});

  CHECK(box.run<v1>({"downgrade", "-1"}).exit == 0);
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f", "2b3c4d5e6f70"});

  CHECK(box.run<v1>({"upgrade"}).exit == 0);
  CHECK(box.run<v1>({"downgrade", "-2"}).exit == 0);
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f", "2b3c4d5e6f70"});

  CHECK(box.run<v1>({"downgrade", "1a2b3c4d5e6f"}).exit == 0);
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f"});

  auto unconfirmed = box.run<v1>({"downgrade", "base"});
  CHECK(unconfirmed.exit == 2);
  check_golden("downgrade_base_unconfirmed.txt", transcript(unconfirmed, box));
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f"});
  CHECK(box.has_table("patients"));

  auto confirmed = box.run<v1>({"downgrade", "base", "--yes", "--json"});
  CHECK(confirmed.exit == 0);
  check_golden("downgrade_base.json.txt", transcript(confirmed, box));
  CHECK(box.recorded().empty());
  CHECK_FALSE(box.has_table("patients"));
}

TEST_CASE("downgrade of a code migration runs its downgrade()") {
  sandbox box;
  REQUIRE(box.run<v1>({"upgrade", "2b3c4d5e6f70"}).exit == 0);
  {
    migrate::sqlite::store store(box.database());
    CHECK(store.session().query_value<std::int64_t>("SELECT count(*) FROM patients") == 2);
  }
  CHECK(box.run<v1>({"downgrade"}).exit == 0);
  migrate::sqlite::store store(box.database());
  CHECK(store.session().query_value<std::int64_t>("SELECT count(*) FROM patients") == 0);
}

TEST_CASE("stamp records a revision without running anything") {
  sandbox box;
  auto r = box.run<v1>({"stamp", "3c4d5e6f7081"});
  CHECK(r.exit == 0);
  check_golden("stamp.txt", transcript(r, box));
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f", "2b3c4d5e6f70", "3c4d5e6f7081"});
  CHECK_FALSE(box.has_table("patients"));

  auto json = box.run<v1>({"stamp", "base", "--json"});
  CHECK(json.exit == 0);
  check_golden("stamp_base.json.txt", transcript(json, box));
  CHECK(box.recorded().empty());

  CHECK(box.run<v1>({"stamp", "head"}).exit == 0);
  CHECK(box.recorded().size() == 4);
}

TEST_CASE("reset refuses without --yes and changes nothing; with --yes forgets the state, not the schema") {
  sandbox box;
  REQUIRE(box.run<v1>({"upgrade"}).exit == 0);
  auto refused = box.run<v1>({"reset"});
  CHECK(refused.exit == 2);
  check_golden("reset_unconfirmed.txt", transcript(refused, box));
  CHECK(box.recorded().size() == 4);

  auto refused_json = box.run<v1>({"reset", "--json"});
  CHECK(refused_json.exit == 2);
  check_golden("reset_unconfirmed.json.txt", transcript(refused_json, box));
  CHECK(box.recorded().size() == 4);

  auto done = box.run<v1>({"reset", "--yes"});
  CHECK(done.exit == 0);
  check_golden("reset.txt", transcript(done, box));
  CHECK(box.recorded().empty());
  CHECK(box.has_table("patients"));
}

TEST_CASE("current, heads and pending") {
  sandbox box;
  CHECK(box.run<v1>({"current"}).out == "base (nothing applied)\n");
  REQUIRE(box.run<v1>({"upgrade", "2b3c"}).exit == 0);

  auto current = box.run<v1>({"current"});
  CHECK(current.exit == 0);
  CHECK(current.out == "2b3c4d5e6f70 seed patients\n");
  check_golden("current.json.txt", transcript(box.run<v1>({"current", "--json"}), box));

  auto heads = box.run<v1>({"heads"});
  CHECK(heads.exit == 0);
  CHECK(heads.out == "4d5e6f708192 (head) index patient names\n");
  check_golden("heads.json.txt", transcript(box.run<v1>({"heads", "--json"}), box));

  auto pending = box.run<v1>({"pending"});
  CHECK(pending.exit == 0);
  check_golden("pending.txt", transcript(pending, box));
  check_golden("pending.json.txt", transcript(box.run<v1>({"pending", "--json"}), box));

  REQUIRE(box.run<v1>({"upgrade"}).exit == 0);
  CHECK(box.run<v1>({"pending"}).out == "Nothing pending: at head 4d5e6f708192.\n");
  CHECK(box.run<v1>({"current"}).out == "4d5e6f708192 (head) index patient names\n");
}

TEST_CASE("heads needs no database") {
  sandbox box;
  box.env["DATABASE_URL"] = box.dir() + "/missing/dir/clinic.db";
  auto r = box.run<v1>({"heads"});
  CHECK(r.exit == 0);
  CHECK_FALSE(std::filesystem::exists(box.dir() + "/missing"));
}

TEST_CASE("history, plain and verbose, newest first") {
  sandbox box;
  REQUIRE(box.run<v1>({"upgrade", "+2"}).exit == 0);
  auto plain = box.run<v1>({"history"});
  CHECK(plain.exit == 0);
  check_golden("history.txt", transcript(plain, box));
  auto verbose = box.run<v1>({"history", "--verbose"});
  CHECK(verbose.exit == 0);
  check_golden("history_verbose.txt", transcript(verbose, box));
  auto json = box.run<v1>({"history", "--json"});
  CHECK(json.exit == 0);
  check_golden("history.json.txt", transcript(json, box));
}

TEST_CASE("verify passes on a consistent store; --up-to-date also wants nothing pending") {
  sandbox box;
  REQUIRE(box.run<v1>({"upgrade", "+1"}).exit == 0);
  auto ok = box.run<v1>({"verify"});
  CHECK(ok.exit == 0);
  check_golden("verify_ok.txt", transcript(ok, box));

  auto behind = box.run<v1>({"verify", "--up-to-date"});
  CHECK(behind.exit == 3);
  check_golden("verify_pending.txt", transcript(behind, box));

  REQUIRE(box.run<v1>({"upgrade"}).exit == 0);
  auto json = box.run<v1>({"verify", "--up-to-date", "--json"});
  CHECK(json.exit == 0);
  check_golden("verify_ok.json.txt", transcript(json, box));
}

TEST_CASE("sql prints the upgrade script offline, code migrations as comments") {
  sandbox box;
  box.env["DATABASE_URL"] = box.dir() + "/missing/dir/clinic.db";
  auto up = box.run<v1>({"sql"});
  CHECK(up.exit == 0);
  check_golden("sql_upgrade.txt", transcript(up, box));
  CHECK_FALSE(std::filesystem::exists(box.dir() + "/missing"));

  auto down = box.run<v1>({"sql", "--from", "head", "--to", "2b3c"});
  CHECK(down.exit == 0);
  check_golden("sql_downgrade.txt", transcript(down, box));

  auto json = box.run<v1>({"sql", "--from=1a2b3c4d5e6f", "--json"});
  CHECK(json.exit == 0);
  check_golden("sql_upgrade.json.txt", transcript(json, box));

  auto none = box.run<v1>({"sql", "--from", "head"});
  CHECK(none.exit == 0);
  CHECK(none.out.find("(0 migration(s))") != std::string::npos);
}

namespace per_dialect_sql {
MIGRATE_SQL_MIGRATION(people, .revision = "d1a0", .description = "people",
                      .up = "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, touched TIMESTAMP)",
                      .down = "DROP TABLE people",
                      .postgresql = {.up = "CREATE TABLE people (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                                           "name TEXT, touched TIMESTAMP)"});
MIGRATE_SQL_MIGRATION(touch, .revision = "d2b0", .revises = "d1a0", .description = "touch people on update",
                      .up = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                            "BEGIN NEW.touched := now(); RETURN NEW; END $$;\n"
                            "CREATE TRIGGER people_touch BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION touch();",
                      .down = "DROP TRIGGER people_touch ON people; DROP FUNCTION touch();",
                      .only = migrate::dialect::postgresql);
MIGRATE_SQL_MIGRATION(names, .revision = "d3c0", .revises = "d2b0", .description = "index names",
                      .up = "CREATE INDEX people_name ON people (name)", .down = "DROP INDEX people_name");
using registry = migrate::registry<people, touch, names>;
}  // namespace per_dialect_sql

TEST_CASE("a database these migrations cannot run on is refused naming the migration that cannot") {
  sandbox box;
  // The sandbox's SQLite file: the PostgreSQL-only trigger has no SQL there.
  auto refused = box.run<per_dialect_sql::registry>({"upgrade"});
  CHECK(refused.exit == 2);
  CHECK(refused.err.find("is not a store these migrations can run on: migration d2b0 (touch people on update) has no "
                         "SQL for sqlite; it is written for postgresql only") != std::string::npos);
  CHECK(refused.out.empty());
}

TEST_CASE("sql --dialect renders each dialect's SQL offline") {
  sandbox box;
  using per_dialect = per_dialect_sql::registry;
  auto pg = box.run<per_dialect>({"sql", "--dialect", "postgresql"});
  CHECK(pg.exit == 0);
  check_golden("sql_dialect_postgresql.txt", transcript(pg, box));

  auto sqlite = box.run<per_dialect>({"sql", "--dialect=sqlite", "--to", "d1a0"});
  CHECK(sqlite.exit == 0);
  check_golden("sql_dialect_sqlite.txt", transcript(sqlite, box));

  auto json = box.run<per_dialect>({"sql", "--dialect", "postgresql", "--from", "d1a0", "--to", "base", "--json"});
  CHECK(json.exit == 0);
  check_golden("sql_dialect_downgrade.json.txt", transcript(json, box));

  // Without --dialect, the database URL's: a SQLite path here, where the PostgreSQL-only step has no SQL.
  auto refused = box.run<per_dialect>({"sql"});
  CHECK(refused.exit == 2);
  CHECK(refused.out.empty());
  check_golden("sql_dialect_missing.txt", transcript(refused, box));

  auto unknown = box.run<per_dialect>({"sql", "--dialect", "mysql"});
  CHECK(unknown.exit == 2);
  CHECK(unknown.err.find("--dialect takes sqlite or postgresql, not 'mysql'") != std::string::npos);
  CHECK(box.run<per_dialect>({"status", "--dialect", "sqlite"}).exit == 2);
}

TEST_CASE("sql without --dialect follows the database URL, and is portable when the URL names no dialect") {
  sandbox box;
  using per_dialect = per_dialect_sql::registry;
  box.env["DATABASE_URL"] = "postgresql://admin:s3cret-pw@db.invalid:5432/app";  // never connected to
  auto pg = box.run<per_dialect>({"sql", "--to", "d1a0"});
  CHECK(pg.exit == 0);
  CHECK(pg.out.find("-- Dialect: postgresql (the database URL's; --dialect chooses another).") != std::string::npos);
  CHECK(pg.out.find("GENERATED BY DEFAULT AS IDENTITY") != std::string::npos);
  CHECK(pg.out.find("s3cret") == std::string::npos);

  box.env["DATABASE_URL"] = "https://fhir.example.org/fhir";
  auto portable = box.run<v1>({"sql", "--to", "2b3c"});
  CHECK(portable.exit == 0);
  CHECK(portable.out.find("-- Dialect: portable (the same SQL in every dialect).") != std::string::npos);
  auto ambiguous = box.run<per_dialect>({"sql"});
  CHECK(ambiguous.exit == 2);
  CHECK(ambiguous.err.find("migration d1a0 (people) has SQL that differs per dialect, and the database URL names "
                           "none; pass --dialect sqlite|postgresql") != std::string::npos);
}

TEST_CASE("sql refuses to script a downgrade through an irreversible migration") {
  sandbox box;
  auto r = box.run<one_way>({"sql", "--from", "head", "--to", "base"});
  CHECK(r.exit == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("irreversible") != std::string::npos);
}

TEST_CASE("the embedding forms of docs/cli.md: ready SQLite store, and a lambda opener with options") {
  sandbox box;
  {
    migrate::sqlite::store store(box.database());
    auto r = box.run<v1>({"upgrade", "+1"}, store);
    CHECK(r.exit == 0);
    auto refused = box.run<v1>({"status", "--database", "other.db"}, store);
    CHECK(refused.exit == 2);
  }
  std::string opened;
  auto open = [&opened](const migrate::database_url& url) {
    opened = url.sqlite_path();
    migrate::sqlite::options options;
    options.lock_timeout = std::chrono::seconds(30);
    return migrate::open_sqlite_store(url, options);
  };
  box.env["DATABASE_URL"] = "sqlite:///" + box.database();
  auto r = box.run<v1>({"upgrade"}, open);
  CHECK(r.exit == 0);
  CHECK(opened == box.database());
  CHECK(box.recorded().size() == 4);
}

TEST_CASE("upgrade --single-transaction applies everything in one go") {
  sandbox box;
  auto r = box.run<v1>({"upgrade", "3c4d", "--single-transaction"});
  CHECK(r.exit == 0);
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f", "2b3c4d5e6f70", "3c4d5e6f7081"});
  auto refused = box.run<v1>({"upgrade", "--single-transaction"});  // the last one must run outside a transaction
  CHECK(refused.exit == 2);
  CHECK(box.recorded().size() == 3);
}

TEST_CASE("a merged chain: several current heads, merge parents in history, no script across branches") {
  sandbox box;
  REQUIRE(box.run<merged>({"upgrade", "aa00"}).exit == 0);
  REQUIRE(box.run<merged>({"upgrade", "bb00"}).exit == 0);
  auto current = box.run<merged>({"current"});
  CHECK(current.out == "aa0000000001 add allergies\nbb0000000001 add billing\n");
  auto verbose = box.run<merged>({"history", "--verbose"});
  CHECK(verbose.out.find("Revises:     aa0000000001, bb0000000001") != std::string::npos);
  auto across = box.run<merged>({"sql", "--from", "aa00", "--to", "bb00"});
  CHECK(across.exit == 2);
  CHECK(across.err.find("different branches") != std::string::npos);
  auto up = box.run<merged>({"upgrade", "--json"});
  CHECK(up.exit == 0);
  CHECK(up.out.find("\"from\":[\"aa0000000001\",\"bb0000000001\"],\"to\":[\"cc0000000001\"]") != std::string::npos);
}
