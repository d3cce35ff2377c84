// SQLite's table rebuild (migrate/schema/detail/rebuild.hpp): alter_column and foreign keys / CHECKs added to or
// dropped from an existing table, run on real SQLite files with rows in them and in a table referencing them.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <migrate/migrate.hpp>
#include <migrate/schema.hpp>
#include <migrate/schema/drift.hpp>
#include <sqlite_fixture.hpp>

namespace rebuild_chain {

MIGRATE_SCHEMA_MIGRATION(create_patients, .revision = "r1r1r1r1r1r1", .description = "create patients") {
  static constexpr auto ops = operations(
      create_table("patients", column("id", auto_id), column("mrn", varchar(20)).not_null(), column("age", integer),
                   column("ward_id", integer)),
      create_index("ix_patients_mrn", "patients", "mrn").unique());
};
MIGRATE_SCHEMA_MIGRATION(create_wards_and_notes, .revision = "r2r2r2r2r2r2", .revises = "r1r1r1r1r1r1",
                         .description = "wards, and notes referencing patients") {
  static constexpr auto ops = operations(
      create_table("wards", column("id", auto_id), column("name", text).not_null()),
      create_table("notes", column("id", auto_id),
                   column("patient_id", integer).not_null().references("patients", "id", "CASCADE"),
                   column("body", text)));
};
// Everything SQLite cannot ALTER, on one table: one rebuild up, one down.
MIGRATE_SCHEMA_MIGRATION(tighten_patients, .revision = "r3r3r3r3r3r3", .revises = "r2r2r2r2r2r2",
                         .description = "age as text, required; wards referenced; mrn checked") {
  static constexpr auto ops = operations(
      alter_column("patients", "age").type(text, integer).nullable(false),
      add_foreign_key("fk_patients_ward", "patients", "ward_id", "wards"),
      add_check("ck_patients_mrn", "patients", "length(mrn) >= 3"));
};
MIGRATE_SCHEMA_MIGRATION(loosen_patients, .revision = "r4r4r4r4r4r4", .revises = "r3r3r3r3r3r3",
                         .description = "mrn check dropped") {
  static constexpr auto ops =
      operations(drop_constraint(add_check("ck_patients_mrn", "patients", "length(mrn) >= 3")));
};
using registry = migrate::registry<create_patients, create_wards_and_notes, tighten_patients, loosen_patients>;

// drop_column: SQLite drops a plain column in place, but refuses one in an index (or a key, a UNIQUE, a foreign
// key); the model knows which, and the index goes with the column on both databases.
MIGRATE_SCHEMA_MIGRATION(drop_age, .revision = "r5r5r5r5r5r5", .revises = "r2r2r2r2r2r2",
                         .description = "age dropped") {
  static constexpr auto ops = operations(drop_column("patients", column("age", integer)));
};
MIGRATE_SCHEMA_MIGRATION(drop_mrn, .revision = "r6r6r6r6r6r6", .revises = "r5r5r5r5r5r5",
                         .description = "mrn dropped, and its unique index with it", .irreversible = true) {
  static constexpr auto ops = operations(drop_column("patients", "mrn"));
};
using dropping = migrate::registry<create_patients, create_wards_and_notes, drop_age, drop_mrn>;

// Raw SQL that declares what it touches keeps the model sure of the other tables: a data-only seed
// (`touches_nothing`) and a table made by hand (`.touches = "audit"`) leave patients known, so it can be rebuilt.
MIGRATE_SQL_MIGRATION(seed_wards, .revision = "r7r7r7r7r7r7", .revises = "r2r2r2r2r2r2", .description = "seed wards",
                      .up = "INSERT INTO wards (name) VALUES ('east')", .down = "DELETE FROM wards WHERE name = 'east'",
                      .touches = migrate::touches_nothing);
MIGRATE_SQL_MIGRATION(raw_audit, .revision = "r8r8r8r8r8r8", .revises = "r7r7r7r7r7r7", .description = "audit by hand",
                      .up = "CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT)", .down = "DROP TABLE audit",
                      .touches = "audit");
MIGRATE_SCHEMA_MIGRATION(require_age, .revision = "r9r9r9r9r9r9", .revises = "r8r8r8r8r8r8",
                         .description = "age required") {
  static constexpr auto ops = operations(alter_column("patients", "age").nullable(false));
};
using declared_raw = migrate::registry<create_patients, create_wards_and_notes, seed_wards, raw_audit, require_age>;

// Raw SQL that declares nothing may have changed any table before it; a table created after it, in the same typed
// migration that then adds a foreign key and a CHECK to it (a rebuild on SQLite), is still known exactly.
MIGRATE_SQL_MIGRATION(raw_legacy, .revision = "rararararara", .revises = "r1r1r1r1r1r1", .description = "legacy by hand",
                      .up = "CREATE TABLE legacy (id INTEGER PRIMARY KEY)", .down = "DROP TABLE legacy");
MIGRATE_SCHEMA_MIGRATION(create_visits, .revision = "rbrbrbrbrbrb", .revises = "rararararara",
                         .description = "visits, keyed to patients") {
  static constexpr auto ops = operations(
      create_table("visits", column("id", auto_id), column("patient_id", integer).not_null()),
      add_foreign_key("fk_visits_patient", "visits", "patient_id", "patients").on_delete("CASCADE"),
      add_check("ck_visits_patient", "visits", "patient_id > 0"));
};
using after_raw = migrate::registry<create_patients, raw_legacy, create_visits>;
// The same after a C++ code migration; its registry is first named by the migrator's bindings of the C++ functions
// (once, that failed to compile: the schema fold read a variable whose initializer was instantiating the registry).
MIGRATE_CODE_MIGRATION(code_legacy, .revision = "rcrcrcrcrcrc", .revises = "r1r1r1r1r1r1", .description = "legacy in C++") {
  static void upgrade(migrate::sqlite::session& db) { db.execute_script("CREATE TABLE legacy (id INTEGER PRIMARY KEY)"); }
  static void downgrade(migrate::sqlite::session& db) { db.execute_script("DROP TABLE legacy"); }
};
MIGRATE_SCHEMA_MIGRATION(create_visits_after_code, .revision = "rdrdrdrdrdrd", .revises = "rcrcrcrcrcrc",
                         .description = "visits, keyed to patients, after C++") {
  static constexpr auto ops = create_visits::ops;
};
using after_code = migrate::registry<create_visits_after_code, code_legacy, create_patients>;

// The last migration drops a column and a table (each with its definition) beside a rebuild: its SQLite downgrade is
// rendered against the model, which re-adds them, so the model must have room for them in a chain whose other
// migrations fill it exactly (a model that made a new entry per column added overflowed here).
MIGRATE_SCHEMA_MIGRATION(create_vitals, .revision = "rererererere", .description = "vitals and a scratch table") {
  static constexpr auto ops = operations(
      create_table("vitals", column("id", auto_id), column("pulse", integer), column("note", text)),
      create_table("scratch", column("id", auto_id), column("body", text)));
};
MIGRATE_SCHEMA_MIGRATION(reshape_vitals, .revision = "rfrfrfrfrfrf", .revises = "rererererere",
                         .description = "note and scratch dropped, pulse widened") {
  static constexpr auto ops = operations(drop_column("vitals", column("note", text)),
                                         drop_table("scratch", column("id", auto_id), column("body", text)),
                                         alter_column("vitals", "pulse").type(bigint, integer));
};
using dropping_last = migrate::registry<create_vitals, reshape_vitals>;

}  // namespace rebuild_chain

namespace {

using migrate_test::sqlite_fixture;

void run(sqlite_fixture& f, const migrate::target& to, bool up = true, bool whole_run = false) {
  migrate::migrator<rebuild_chain::registry, migrate::sqlite::store> m(
      f.store(), migrate::run_options{.single_transaction = whole_run, .sinks = {}});
  up ? m.upgrade(to) : m.downgrade(to);
}
std::vector<std::string> rows(sqlite_fixture& f, const std::string& sql) {
  std::vector<std::string> out;
  f.store().session().for_each_row(sql, [&](const migrate::sqlite::row_view& row) { out.push_back(row.text(0)); });
  return out;
}
std::string table_sql(sqlite_fixture& f, const std::string& table) {
  return f.store()
      .session()
      .query_value<std::string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1", table)
      .value_or("");
}
// Two wards, three patients (the third deleted again, so AUTOINCREMENT's counter is ahead of the rows), notes.
void seed(sqlite_fixture& f) {
  f.store().session().execute_script(
      "INSERT INTO wards (name) VALUES ('north'), ('south');"
      "INSERT INTO patients (mrn, age, ward_id) VALUES ('MRN001', 41, 1), ('MRN002', 7, 2), ('MRN003', 90, 1);"
      "DELETE FROM patients WHERE mrn = 'MRN003';"
      "INSERT INTO notes (patient_id, body) VALUES (1, 'first'), (1, 'second'), (2, 'third');");
}
// At r2 (patients, wards, notes) with the rows above.
void seeded(sqlite_fixture& f, bool whole_run) {
  run(f, migrate::target::parse("r2r2r2r2r2r2"), true, whole_run);
  seed(f);
}
// Registry's verify --schema on f is clean (what it found, if not, is shown); the check, for what else to ask of it.
template <class Registry = rebuild_chain::registry>
auto require_clean(sqlite_fixture& f) {
  auto check = migrate::verify_schema<Registry>(f.store());
  std::string found;
  for (const auto& finding : check.findings) found += finding.message + "\n";
  INFO(found);
  CHECK(check.clean());
  return check;
}
std::string failure_of(sqlite_fixture& f, const migrate::target& to, bool whole_run = false) {
  try {
    run(f, to, true, whole_run);
  } catch (const migrate::migration_failed_error& e) {
    return e.what();
  }
  return "no failure";
}

}  // namespace

TEST_CASE("sqlite rebuild: the text is a copy-and-move inside the step, one per table, and PostgreSQL ALTERs",
          "[schema][rebuild]") {
  const auto sqlite = rebuild_chain::registry::migrations_for<migrate::dialect::sqlite>();
  const auto postgres = rebuild_chain::registry::migrations_for<migrate::dialect::postgresql>();
  const auto& up = sqlite[2].up_sql;
  CHECK(sqlite[2].rebuilds_tables);
  CHECK_FALSE(sqlite[1].rebuilds_tables);
  CHECK_FALSE(postgres[2].rebuilds_tables);
  CHECK(sqlite[2].dialects.contains(migrate::dialect::sqlite));
  CHECK(up.find("CREATE TABLE _migrate_rebuild_patients (") != std::string_view::npos);
  CHECK(up.find("age TEXT NOT NULL") != std::string_view::npos);
  CHECK(up.find("CONSTRAINT fk_patients_ward FOREIGN KEY (ward_id) REFERENCES wards (id)") != std::string_view::npos);
  CHECK(up.find("CONSTRAINT ck_patients_mrn CHECK (length(mrn) >= 3)") != std::string_view::npos);
  CHECK(up.find("ALTER TABLE _migrate_rebuild_patients RENAME TO patients;\nCREATE UNIQUE INDEX ix_patients_mrn") !=
        std::string_view::npos);
  // Three operations on one table: one rebuild.
  CHECK(up.find("CREATE TABLE _migrate_rebuild_patients") == up.rfind("CREATE TABLE _migrate_rebuild_patients"));
  CHECK(sqlite[2].down_sql.find("age INTEGER,") != std::string_view::npos);
  CHECK(sqlite[2].down_sql.find("CONSTRAINT fk") == std::string_view::npos);
  CHECK(sqlite[2].down_sql.find("CONSTRAINT ck") == std::string_view::npos);
  CHECK(sqlite[2].checksum.size() == 16);
  CHECK(sqlite[2].checksum != postgres[2].checksum);
  CHECK(postgres[2].up_sql.find("ALTER TABLE patients ALTER COLUMN age TYPE TEXT") != std::string_view::npos);
  CHECK(postgres[2].up_sql.find("_migrate_rebuild") == std::string_view::npos);
  // The later drop of the CHECK rebuilds from the table as the chain left it: the foreign key stays.
  CHECK(sqlite[3].up_sql.find("CONSTRAINT fk_patients_ward") != std::string_view::npos);
  CHECK(sqlite[3].up_sql.find("ck_patients_mrn") == std::string_view::npos);
}

TEST_CASE("sqlite rebuild: rows, ids, the AUTOINCREMENT counter, indexes and referencing rows survive both ways",
          "[schema][rebuild]") {
  const bool whole_run = GENERATE(false, true);
  INFO((whole_run ? "single_transaction" : "a transaction per step"));
  sqlite_fixture f;
  seeded(f, whole_run);
  run(f, migrate::target::head(), true, whole_run);

  CHECK(rows(f, "SELECT id || ':' || mrn || ':' || age || ':' || typeof(age) FROM patients ORDER BY id") ==
        std::vector<std::string>{"1:MRN001:41:text", "2:MRN002:7:text"});
  // ON DELETE CASCADE did not fire when the old table was dropped.
  CHECK(rows(f, "SELECT body FROM notes ORDER BY id") == std::vector<std::string>{"first", "second", "third"});
  CHECK(table_sql(f, "patients").find("age TEXT NOT NULL") != std::string::npos);
  CHECK(table_sql(f, "patients").find("ck_patients_mrn") == std::string::npos);  // dropped again by r4
  CHECK(table_sql(f, "patients").find("fk_patients_ward") != std::string::npos);
  CHECK(rows(f, "SELECT name FROM sqlite_master WHERE name LIKE '_migrate_rebuild%'").empty());
  CHECK(rows(f, "PRAGMA foreign_keys") == std::vector<std::string>{"1"});
  require_clean(f);

  auto& db = f.store().session();
  // The ids of deleted rows are not handed out again; the unique index and the new rules hold.
  db.execute_script("INSERT INTO patients (mrn, age, ward_id) VALUES ('MRN004', '50', 2)");
  CHECK(rows(f, "SELECT id FROM patients WHERE mrn = 'MRN004'") == std::vector<std::string>{"4"});
  CHECK_THROWS_WITH(db.execute_script("INSERT INTO patients (mrn, age) VALUES ('MRN001', '1')"),
                    Catch::Contains("UNIQUE"));
  CHECK_THROWS_WITH(db.execute_script("INSERT INTO patients (mrn) VALUES ('MRN005')"), Catch::Contains("NOT NULL"));
  CHECK_THROWS_WITH(db.execute_script("INSERT INTO patients (mrn, age, ward_id) VALUES ('MRN006', '3', 99)"),
                    Catch::Contains("FOREIGN KEY"));

  run(f, migrate::target::parse("r2r2r2r2r2r2"), false, whole_run);
  CHECK(rows(f, "SELECT id || ':' || age || ':' || typeof(age) FROM patients ORDER BY id") ==
        std::vector<std::string>{"1:41:integer", "2:7:integer", "4:50:integer"});
  CHECK(rows(f, "SELECT count(*) FROM notes") == std::vector<std::string>{"3"});
  CHECK(table_sql(f, "patients").find("CONSTRAINT") == std::string::npos);  // neither key nor check
  db.execute_script("INSERT INTO patients (mrn) VALUES ('MRN007')");  // age is nullable again, ward unchecked
  CHECK(rows(f, "SELECT id FROM patients WHERE mrn = 'MRN007'") == std::vector<std::string>{"5"});
  require_clean(f);
  CHECK(rows(f, "PRAGMA foreign_keys") == std::vector<std::string>{"1"});
}

TEST_CASE("sqlite rebuild: rows the new rules refuse fail the step, naming it, and change nothing",
          "[schema][rebuild]") {
  const bool whole_run = GENERATE(false, true);
  INFO((whole_run ? "single_transaction" : "a transaction per step"));
  sqlite_fixture f;
  seeded(f, whole_run);
  const auto before = table_sql(f, "patients");

  SECTION("a NULL in a column made NOT NULL") {
    f.store().session().execute_script("UPDATE patients SET age = NULL WHERE id = 2");
    const auto message = failure_of(f, migrate::target::head(), whole_run);
    CHECK_THAT(message, Catch::Contains("r3r3r3r3r3r3") && Catch::Contains("NOT NULL"));
  }
  SECTION("a ward id no ward has (found by the foreign key check, which names no values)") {
    f.store().session().execute_script("PRAGMA foreign_keys = OFF; UPDATE patients SET ward_id = 77 WHERE id = 1;"
                                       "PRAGMA foreign_keys = ON;");
    const auto message = failure_of(f, migrate::target::head(), whole_run);
    CHECK_THAT(message, Catch::Contains("r3r3r3r3r3r3") &&
                            Catch::Contains("foreign key check failed after rebuilding tables: a row of patients "
                                            "(rowid 1) references a row of wards that does not exist") &&
                            !Catch::Contains("MRN001"));
  }
  SECTION("a trigger on the table, which the rebuild would drop") {
    f.store().session().execute_script(
        "CREATE TRIGGER patients_touch AFTER UPDATE ON patients BEGIN SELECT 1; END;");
    const auto message = failure_of(f, migrate::target::head(), whole_run);
    CHECK_THAT(message, Catch::Contains("patients has triggers, which rebuilding the table would drop"));
    CHECK(rows(f, "SELECT name FROM sqlite_master WHERE type = 'trigger'") ==
          std::vector<std::string>{"patients_touch"});
  }
  CHECK(table_sql(f, "patients") == before);
  CHECK(rows(f, "SELECT count(*) FROM patients") == std::vector<std::string>{"2"});
  CHECK(rows(f, "SELECT count(*) FROM notes") == std::vector<std::string>{"3"});
  CHECK(rows(f, "SELECT revision FROM migrate_versions ORDER BY revision") ==
        std::vector<std::string>{"r1r1r1r1r1r1", "r2r2r2r2r2r2"});
  CHECK(rows(f, "SELECT name FROM sqlite_master WHERE name LIKE '_migrate_rebuild%'").empty());
  CHECK(rows(f, "PRAGMA foreign_keys") == std::vector<std::string>{"1"});
}

TEST_CASE("sqlite rebuild: the exported schema keeps foreign keys and CHECKs inside CREATE TABLE",
          "[schema][rebuild]") {
  using tighter = migrate::registry<rebuild_chain::create_patients, rebuild_chain::create_wards_and_notes,
                                    rebuild_chain::tighten_patients>;
  const auto ddl = migrate::schema::schema_ddl<migrate::dialect::sqlite>(migrate::schema::head_schema<tighter>());
  CHECK(ddl.find("  CONSTRAINT fk_patients_ward FOREIGN KEY (ward_id) REFERENCES wards (id),\n  CONSTRAINT "
                 "ck_patients_mrn CHECK (length(mrn) >= 3)\n);") != std::string::npos);
  sqlite_fixture f;
  f.store().session().execute_script(ddl);
  CHECK(table_sql(f, "patients").find("ck_patients_mrn") != std::string::npos);
}

TEST_CASE("sqlite rebuild: a column in an index is dropped by a rebuild, a plain one in place", "[schema][rebuild]") {
  const auto sqlite = rebuild_chain::dropping::migrations_for<migrate::dialect::sqlite>();
  CHECK(sqlite[2].up_sql == "ALTER TABLE patients DROP COLUMN age;\n");
  CHECK_FALSE(sqlite[2].rebuilds_tables);
  CHECK(sqlite[3].rebuilds_tables);
  CHECK(sqlite[3].up_sql.find("INSERT INTO _migrate_rebuild_patients (id, ward_id) SELECT id, ward_id FROM patients;") !=
        std::string_view::npos);
  CHECK(sqlite[3].up_sql.find("ix_patients_mrn") == std::string_view::npos);
  const auto postgres = rebuild_chain::dropping::migrations_for<migrate::dialect::postgresql>();
  CHECK(postgres[3].up_sql == "ALTER TABLE patients DROP COLUMN mrn;\n");

  sqlite_fixture f;
  seeded(f, false);
  migrate::migrator<rebuild_chain::dropping, migrate::sqlite::store>(f.store(), migrate::run_options{false, {}})
      .upgrade(migrate::target::head());
  CHECK(rows(f, "SELECT id || ':' || ifnull(ward_id, '') FROM patients ORDER BY id") ==
        std::vector<std::string>{"1:1", "2:2"});
  CHECK(rows(f, "SELECT count(*) FROM notes") == std::vector<std::string>{"3"});
  CHECK(rows(f, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'patients'").empty());
  auto check = migrate::verify_schema<rebuild_chain::dropping>(f.store());
  CHECK(check.clean());
}

TEST_CASE("sqlite rebuild: raw SQL that declares .touches leaves the other tables known to the model",
          "[schema][rebuild]") {
  const auto sqlite = rebuild_chain::declared_raw::migrations_for<migrate::dialect::sqlite>();
  CHECK(sqlite[4].rebuilds_tables);
  CHECK(sqlite[4].up_sql.find("age INTEGER NOT NULL") != std::string_view::npos);
  sqlite_fixture f;
  seeded(f, false);
  migrate::migrator<rebuild_chain::declared_raw, migrate::sqlite::store>(f.store(), migrate::run_options{false, {}})
      .upgrade(migrate::target::head());
  CHECK(rows(f, "SELECT name FROM wards ORDER BY id") == std::vector<std::string>{"north", "south", "east"});
  CHECK(rows(f, "SELECT count(*) FROM patients") == std::vector<std::string>{"2"});
  // No undeclared raw SQL: every table is known (audit as far as declared).
  CHECK(require_clean<rebuild_chain::declared_raw>(f).expected.closed);
}

TEST_CASE("sqlite rebuild: typed migrations after a C++ migration run, rebuild and verify on SQLite",
          "[schema][rebuild]") {
  sqlite_fixture f;
  migrate::migrator<rebuild_chain::after_code, migrate::sqlite::store>(f.store(), migrate::run_options{false, {}})
      .upgrade(migrate::target::head());
  CHECK(rows(f, "SELECT count(*) FROM sqlite_master WHERE name IN ('legacy', 'visits')") ==
        std::vector<std::string>{"2"});
  CHECK(table_sql(f, "visits").find("ck_visits_patient") != std::string::npos);
  require_clean<rebuild_chain::after_code>(f);
  migrate::migrator<rebuild_chain::after_code, migrate::sqlite::store>(f.store(), migrate::run_options{false, {}})
      .downgrade(migrate::target::base());
  CHECK(rows(f, "SELECT count(*) FROM sqlite_master WHERE name IN ('legacy', 'visits', 'patients')") ==
        std::vector<std::string>{"0"});
}

TEST_CASE("sqlite rebuild: a table created after undeclared raw SQL is rebuilt in the migration that creates it",
          "[schema][rebuild]") {
  const auto sqlite = rebuild_chain::after_raw::migrations_for<migrate::dialect::sqlite>();
  REQUIRE(sqlite.size() == 3);
  CHECK(sqlite[2].rebuilds_tables);
  CHECK(sqlite[2].up_sql.find("CONSTRAINT fk_visits_patient FOREIGN KEY (patient_id) REFERENCES patients") !=
        std::string_view::npos);
  CHECK(sqlite[2].down_sql.find("DROP TABLE visits") != std::string_view::npos);
  sqlite_fixture f;
  using after_raw_migrator = migrate::migrator<rebuild_chain::after_raw, migrate::sqlite::store>;
  for (int round = 0; round < 2; ++round) {
    after_raw_migrator(f.store(), migrate::run_options{false, {}}).upgrade(migrate::target::head());
    f.store().session().execute_script("INSERT INTO patients (mrn) VALUES ('MRN9');"
                                       "INSERT INTO visits (patient_id) SELECT id FROM patients WHERE mrn = 'MRN9';");
    CHECK_THROWS(f.store().session().execute_script("INSERT INTO visits (patient_id) VALUES (999)"));  // the key
    CHECK_THROWS(f.store().session().execute_script("INSERT INTO visits (patient_id) VALUES (0)"));    // the CHECK
    f.store().session().execute_script("DELETE FROM patients WHERE mrn = 'MRN9'");
    CHECK(rows(f, "SELECT count(*) FROM visits") == std::vector<std::string>{"0"});  // ON DELETE CASCADE
    require_clean<rebuild_chain::after_raw>(f);
    after_raw_migrator(f.store(), migrate::run_options{false, {}}).downgrade(migrate::target::base());
    CHECK(table_sql(f, "visits").empty());
    CHECK(table_sql(f, "patients").empty());
  }
}

TEST_CASE("sqlite rebuild: a downgrade that re-adds dropped columns and tables beside a rebuild runs both ways",
          "[schema][rebuild]") {
  const auto sqlite = rebuild_chain::dropping_last::migrations_for<migrate::dialect::sqlite>();
  REQUIRE(sqlite.size() == 2);
  CHECK(sqlite[1].rebuilds_tables);
  CHECK(sqlite[1].down_sql.find("ALTER TABLE vitals ADD COLUMN note TEXT") != std::string_view::npos);
  CHECK(sqlite[1].down_sql.find("CREATE TABLE scratch") != std::string_view::npos);
  sqlite_fixture f;
  using dropping_last_migrator = migrate::migrator<rebuild_chain::dropping_last, migrate::sqlite::store>;
  for (int round = 0; round < 2; ++round) {
    dropping_last_migrator(f.store(), migrate::run_options{false, {}}).upgrade(migrate::target::parse("rererererere"));
    f.store().session().execute_script("INSERT INTO vitals (pulse, note) VALUES (72, 'calm'), (130, 'ran')");
    dropping_last_migrator(f.store(), migrate::run_options{false, {}}).upgrade(migrate::target::head());
    CHECK(rows(f, "SELECT pulse FROM vitals ORDER BY id") == std::vector<std::string>{"72", "130"});
    CHECK(table_sql(f, "scratch").empty());
    require_clean<rebuild_chain::dropping_last>(f);
    dropping_last_migrator(f.store(), migrate::run_options{false, {}}).downgrade(migrate::target::parse("rererererere"));
    CHECK(rows(f, "SELECT pulse || ':' || ifnull(note, '-') FROM vitals ORDER BY id") ==
          std::vector<std::string>{"72:-", "130:-"});
    CHECK_FALSE(table_sql(f, "scratch").empty());
    require_clean<rebuild_chain::dropping_last>(f);
    dropping_last_migrator(f.store(), migrate::run_options{false, {}}).downgrade(migrate::target::base());
  }
}
