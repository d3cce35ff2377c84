// sqlite::options::backup_path and store::restore_from: a copy of the database taken before a run changes it.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "concurrency_registry.hpp"

using concurrency_test::scratch_dir;

namespace {

MIGRATE_SQL_MIGRATION(b1_patients, .revision = "bk0001", .description = "create patients",
                      .up = "CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                            "INSERT INTO patients (name) VALUES ('ada'), ('grace');",
                      .down = "DROP TABLE patients");
MIGRATE_SQL_MIGRATION(b2_visits, .revision = "bk0002", .revises = {"bk0001"}, .description = "create visits",
                      .up = "CREATE TABLE visits (id INTEGER PRIMARY KEY, patient INTEGER REFERENCES patients(id))",
                      .down = "DROP TABLE visits");
MIGRATE_CODE_MIGRATION(b3_phone, .revision = "bk0003", .revises = {"bk0002"}, .description = "add patients.phone") {
  static void upgrade(migrate::sqlite::session& db) {
    db.execute_script("ALTER TABLE patients ADD COLUMN phone TEXT");
    db.execute("UPDATE patients SET phone = ?1", "555-0100");
  }
  static void downgrade(migrate::sqlite::session& db) { db.execute_script("ALTER TABLE patients DROP COLUMN phone"); }
};
MIGRATE_CODE_MIGRATION(b4_broken, .revision = "bk0004", .revises = {"bk0003"}, .description = "fails half-way") {
  static void upgrade(migrate::sqlite::session& db) {
    db.execute_script("CREATE TABLE doomed (id INTEGER)");
    db.execute_script("INSERT INTO no_such_table VALUES (1)");
  }
  static void downgrade(migrate::sqlite::session& db) { db.execute_script("DROP TABLE doomed"); }
};

using registry = migrate::registry<b1_patients, b2_visits, b3_phone>;
using broken_registry = migrate::registry<b1_patients, b2_visits, b3_phone, b4_broken>;
using runner = migrate::migrator<registry, migrate::sqlite::store>;

migrate::run_options quiet() { return migrate::run_options{.sinks = {}}; }

migrate::sqlite::options backing_up_to(const std::string& file) {
  migrate::sqlite::options opts;
  opts.backup_path = file;
  return opts;
}

std::vector<std::string> tables(migrate::sqlite::store& store) {
  std::vector<std::string> names;
  auto stmt = store.session().prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  while (stmt.step()) names.push_back(stmt.column_text(0));
  return names;
}
std::vector<std::string> revisions(migrate::sqlite::store& store) {
  std::vector<std::string> out;
  for (const auto& row : store.load_state()) out.push_back(row.revision);
  return out;
}
bool has_column(migrate::sqlite::store& store, const std::string& table, const std::string& column) {
  return store.session()
      .query_value<std::int64_t>("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", table, column)
      .has_value();
}

}  // namespace

TEST_CASE("backup_path: a run that changes something first copies the database there", "[backup]") {
  scratch_dir dir;
  const std::string db = dir / "app.db";
  const std::string backup = dir / "app.backup.db";
  {
    migrate::sqlite::store store{db};
    runner(store, quiet()).upgrade(migrate::target::at("bk0001"));
  }

  migrate::sqlite::store store{db, backing_up_to(backup)};
  auto report = runner(store, quiet()).upgrade();
  REQUIRE(report.steps.size() == 2);
  REQUIRE(std::filesystem::exists(backup));

  {
    // The copy holds the schema and state from before the run...
    migrate::sqlite::store copy{backup};
    CHECK(copy.session().query_value<std::string>("PRAGMA integrity_check") == "ok");
    CHECK(revisions(copy) == std::vector<std::string>{"bk0001"});
    CHECK(tables(copy) == std::vector<std::string>{"migrate_versions", "patients"});
    CHECK_FALSE(has_column(copy, "patients", "phone"));
    CHECK(copy.session().query_value<std::int64_t>("SELECT COUNT(*) FROM patients") == 2);
  }
  // ...while the database itself moved on.
  CHECK(revisions(store) == std::vector<std::string>{"bk0001", "bk0002", "bk0003"});
  CHECK(has_column(store, "patients", "phone"));

  SECTION("restore_from puts the copy back, for this connection and for new ones") {
    {
      // Holding the run lock keeps other runners out while the database is replaced.
      auto guard = store.lock(migrate::events{});
      store.restore_from(backup);
    }
    CHECK(revisions(store) == std::vector<std::string>{"bk0001"});
    CHECK(tables(store) == std::vector<std::string>{"migrate_versions", "patients"});
    CHECK_FALSE(has_column(store, "patients", "phone"));
    {
      migrate::sqlite::store fresh{db};
      CHECK(revisions(fresh) == std::vector<std::string>{"bk0001"});
      CHECK(fresh.session().query_value<std::string>("PRAGMA integrity_check") == "ok");
    }
    // The restored database migrates again as usual.
    migrate::sqlite::store again{db};
    CHECK(runner(again, quiet()).upgrade().steps.size() == 2);
    CHECK(revisions(again) == std::vector<std::string>{"bk0001", "bk0002", "bk0003"});
  }

  SECTION("nothing to do: no backup is taken and an existing one is left alone") {
    std::filesystem::remove(backup);
    CHECK(runner(store, quiet()).upgrade().steps.empty());
    CHECK_FALSE(std::filesystem::exists(backup));

    const std::string other = dir / "untouched.db";
    migrate::sqlite::store at_head{db, backing_up_to(other)};
    CHECK(runner(at_head, quiet()).upgrade().steps.empty());
    CHECK(runner(at_head, quiet()).status().up_to_date());
    CHECK_FALSE(std::filesystem::exists(other));
  }

  SECTION("each changing run overwrites the copy with the state it started from") {
    runner(store, quiet()).downgrade();  // head -> bk0002, backed up first (at head)
    {
      migrate::sqlite::store copy{backup};
      CHECK(revisions(copy) == std::vector<std::string>{"bk0001", "bk0002", "bk0003"});
      CHECK(has_column(copy, "patients", "phone"));
    }
    runner(store, quiet()).downgrade(migrate::target::base());  // bk0002 -> base
    migrate::sqlite::store copy{backup};
    CHECK(revisions(copy) == std::vector<std::string>{"bk0001", "bk0002"});
    CHECK(tables(store) == std::vector<std::string>{"migrate_versions"});
  }
}

TEST_CASE("backup_path on a brand-new database backs up the empty database", "[backup]") {
  scratch_dir dir;
  const std::string db = dir / "new.db";
  const std::string backup = dir / "new.backup.db";
  migrate::sqlite::store store{db, backing_up_to(backup)};
  CHECK(runner(store, quiet()).upgrade().steps.size() == 3);
  REQUIRE(std::filesystem::exists(backup));
  migrate::sqlite::store copy{backup};
  CHECK(tables(copy).empty());
  CHECK(copy.load_state().empty());

  store.restore_from(backup);
  CHECK(tables(store).empty());
  CHECK(runner(store, quiet()).upgrade().steps.size() == 3);
}

TEST_CASE("backup_path: a failing run is rolled back and leaves the pre-run copy", "[backup]") {
  scratch_dir dir;
  const std::string db = dir / "fail.db";
  const std::string backup = dir / "fail.backup.db";
  {
    migrate::sqlite::store store{db};
    runner(store, quiet()).upgrade();
  }
  migrate::sqlite::store store{db, backing_up_to(backup)};
  CHECK_THROWS_AS(migrate::upgrade_all<broken_registry>(store, quiet()), migrate::migration_failed_error);
  CHECK(revisions(store) == std::vector<std::string>{"bk0001", "bk0002", "bk0003"});
  CHECK(tables(store) == std::vector<std::string>{"migrate_versions", "patients", "visits"});
  REQUIRE(std::filesystem::exists(backup));
  migrate::sqlite::store copy{backup};
  CHECK(revisions(copy) == std::vector<std::string>{"bk0001", "bk0002", "bk0003"});
}

TEST_CASE("backup_path that cannot be written stops the run before it changes anything", "[backup]") {
  scratch_dir dir;
  const std::string db = dir / "app.db";
  const std::string backup = dir / "not-a-database.txt";
  {
    std::ofstream junk(backup);
    junk << "this file is not a SQLite database, and must not be overwritten silently\n";
  }
  migrate::sqlite::store store{db, backing_up_to(backup)};
  // The store's own error, not a migration failure: no migration ran.
  CHECK_THROWS_AS(runner(store, quiet()).upgrade(), migrate::sqlite::error);
  CHECK_THROWS_WITH(runner(store, quiet()).upgrade(), Catch::Matchers::Contains("cannot back up to " + backup));
  CHECK(store.load_state().empty());
  CHECK(tables(store).empty());
  std::ifstream still(backup);
  std::string first_line;
  std::getline(still, first_line);
  CHECK(first_line == "this file is not a SQLite database, and must not be overwritten silently");

  SECTION("also when the directory does not exist, and for stamp") {
    migrate::sqlite::store nowhere{db, backing_up_to(dir / "no/such/dir/backup.db")};
    CHECK_THROWS_AS(runner(nowhere, quiet()).upgrade(), migrate::sqlite::error);
    CHECK_THROWS_AS(runner(nowhere, quiet()).stamp(migrate::target::head()), migrate::sqlite::error);
    CHECK(nowhere.load_state().empty());
    CHECK(tables(nowhere).empty());
  }
}

TEST_CASE("restore_from a missing file fails and leaves the database alone", "[backup]") {
  scratch_dir dir;
  const std::string db = dir / "app.db";
  migrate::sqlite::store store{db};
  runner(store, quiet()).upgrade();
  CHECK_THROWS_AS(store.restore_from(dir / "missing.db"), migrate::sqlite::error);
  CHECK(revisions(store) == std::vector<std::string>{"bk0001", "bk0002", "bk0003"});
}

TEST_CASE("backup_path keeps the database file's permissions: a 0600 database never gains a readable copy",
          "[backup]") {
  scratch_dir dir;
  const std::string db = dir / "private.db";
  const std::string backup = dir / "private.backup.db";
  {
    migrate::sqlite::store store{db};
    runner(store, quiet()).upgrade(migrate::target::at("bk0001"));
  }
  namespace fs = std::filesystem;
  fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  // A stale, world-readable copy from earlier is tightened too, not reused as it was.
  { std::ofstream(backup) << ""; }
  fs::permissions(backup, fs::perms(0644), fs::perm_options::replace);

  migrate::sqlite::store store{db, backing_up_to(backup)};
  REQUIRE(runner(store, quiet()).upgrade().steps.size() == 2);
  CHECK((fs::status(backup).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  migrate::sqlite::store copy{backup};
  CHECK(revisions(copy) == std::vector<std::string>{"bk0001"});
}
