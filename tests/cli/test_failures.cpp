// Failure paths and their exit codes: bad targets, drift, unknown revisions, dirty state, failed migrations,
// lock timeouts, and secrets kept out of every message.

#include <chrono>

#include "harness.hpp"
#include "registries.hpp"

using namespace cli_test;
using revisions = std::vector<std::string>;
using namespace std::chrono_literals;

TEST_CASE("bad targets are usage errors and run nothing") {
  sandbox box;
  auto unknown = box.run<v1>({"upgrade", "ffffffffffff"});
  CHECK(unknown.exit == 2);
  check_golden("upgrade_unknown_target.txt", transcript(unknown, box));
  CHECK_FALSE(std::filesystem::exists(box.database()));

  CHECK(box.run<v1>({"upgrade", "-1"}).exit == 2);
  CHECK(box.run<v1>({"downgrade", "+1"}).exit == 2);
  CHECK(box.run<v1>({"upgrade", "+x"}).exit == 2);
  CHECK(box.run<v1>({"stamp", "+1"}).exit == 2);
  CHECK(box.run<v1>({"sql", "--to", "-1"}).exit == 2);
  CHECK(box.run<v1>({"sql", "--from", "nope"}).exit == 2);

  auto by_prefix = box.run<v2>({"upgrade", "5"});
  CHECK(by_prefix.exit == 0);

  auto too_far = box.run<v2>({"downgrade", "-9"});
  CHECK(too_far.exit == 2);
  CHECK(too_far.err.find("cannot downgrade -9") != std::string::npos);
  CHECK(box.recorded().size() == 5);

  auto not_applied = box.run<v1>({"downgrade", "3c4d"});
  CHECK(not_applied.exit == 3);  // the store is at v2's head, unknown to v1
}

TEST_CASE("downgrade through an irreversible migration refuses, exit 2, nothing run") {
  sandbox box;
  REQUIRE(box.run<one_way>({"upgrade"}).exit == 0);
  auto r = box.run<one_way>({"downgrade"});
  CHECK(r.exit == 2);
  CHECK(r.err.find("irreversible") != std::string::npos);
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f", "6c6c6c6c6c6c"});
}

TEST_CASE("checksum drift: verify exits 3, upgrade refuses with 3") {
  sandbox box;
  REQUIRE(box.run<v1>({"upgrade", "+2"}).exit == 0);
  auto verify = box.run<drifted>({"verify"});
  CHECK(verify.exit == 3);
  check_golden("verify_drift.txt", transcript(verify, box));
  auto json = box.run<drifted>({"verify", "--json"});
  CHECK(json.exit == 3);
  check_golden("verify_drift.json.txt", transcript(json, box));

  auto upgrade = box.run<drifted>({"upgrade"});
  CHECK(upgrade.exit == 3);
  CHECK(box.recorded().size() == 2);

  auto history = box.run<drifted>({"history"});
  CHECK(history.out.find("(checksum drift)") != std::string::npos);
}

TEST_CASE("a revision from a newer build: verify and upgrade exit 3, history and status show it") {
  sandbox box;
  REQUIRE(box.run<v2>({"upgrade"}).exit == 0);
  auto verify = box.run<v1>({"verify"});
  CHECK(verify.exit == 3);
  check_golden("verify_unknown.txt", transcript(verify, box));
  CHECK(box.run<v1>({"upgrade"}).exit == 3);
  auto status = box.run<v1>({"status"});
  CHECK(status.exit == 3);  // never "up to date" while the store holds what this build does not know
  CHECK(status.out.find("up to date") == std::string::npos);
  check_golden("status_unknown.txt", transcript(status, box));
  auto history = box.run<v1>({"history"});
  CHECK(history.out.find("5e6f708192a3  ?     unknown") != std::string::npos);
}

TEST_CASE("a failing migration: exit 1, earlier steps kept, the failed one rolled back") {
  sandbox box;
  auto r = box.run<broken>({"upgrade"});
  CHECK(r.exit == 1);
  check_golden("upgrade_failed.txt", transcript(r, box));
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f", "2b3c4d5e6f70"});

  CHECK(box.run<broken>({"downgrade", "base", "--yes"}).exit == 0);
  auto json = box.run<broken>({"upgrade", "--json"});
  CHECK(json.exit == 1);
  check_golden("upgrade_failed.json.txt", transcript(json, box));
}

TEST_CASE("a failing run with --single-transaction undoes every step") {
  sandbox box;
  auto r = box.run<broken>({"upgrade", "--single-transaction"});
  CHECK(r.exit == 1);
  CHECK(box.recorded().empty());
  CHECK_FALSE(box.has_table("patients"));
}

TEST_CASE("a code migration that throws: exit 1 with its message") {
  sandbox box;
  auto r = box.run<throwing>({"upgrade"});
  CHECK(r.exit == 1);
  CHECK(r.err.find("legacy.csv not found") != std::string::npos);
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f"});
}

TEST_CASE("an interrupted step outside a transaction: dirty; verify exits 3 until stamp") {
  sandbox box;
  auto failed = box.run<interrupted>({"upgrade"});
  CHECK(failed.exit == 1);
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f", "8e8e8e8e8e8e*"});

  auto verify = box.run<interrupted>({"verify"});
  CHECK(verify.exit == 3);
  check_golden("verify_dirty.txt", transcript(verify, box));
  auto status = box.run<interrupted>({"status", "--json"});
  CHECK(status.exit == 3);
  CHECK(status.out.find("\"dirty\":true") != std::string::npos);
  check_golden("status_dirty.txt", transcript(box.run<interrupted>({"status"}), box));
  CHECK(box.run<interrupted>({"current"}).out.find("dirty: 8e8e8e8e8e8e was interrupted") != std::string::npos);
  CHECK(box.run<interrupted>({"upgrade"}).exit == 3);

  CHECK(box.run<interrupted>({"stamp", "1a2b3c4d5e6f"}).exit == 0);
  CHECK(box.run<interrupted>({"verify"}).exit == 0);
}

TEST_CASE("another run holding the lock: exit 4 after the timeout") {
  sandbox box;
  migrate::sqlite::store holder(box.database());
  auto guard = holder.lock({});
  migrate::sqlite::options quick;
  quick.lock_timeout = 100ms;
  auto impatient = [quick](const migrate::database_url& url) { return migrate::open_sqlite_store(url, quick); };
  auto r = box.run<v1>({"upgrade"}, impatient);
  CHECK(r.exit == 4);
  CHECK(r.err.find("Waiting for another migration run to finish") != std::string::npos);
  check_golden("upgrade_lock_timeout.txt", transcript(r, box));
  auto json = box.run<v1>({"upgrade", "--json"}, impatient);
  CHECK(json.exit == 4);
  CHECK(json.out.find("\"code\":\"lock_timeout\"") != std::string::npos);
}

TEST_CASE("a password in the database URL never shows, whatever fails") {
  sandbox box;
  const std::string url = "postgresql://admin:hunter2@db.example:5432/clinic?sslmode=require";

  SECTION("the default opener refuses the scheme") {
    auto r = box.run<v1>({"status", "--database", url});
    CHECK(r.exit == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("hunter2") == std::string::npos);
    CHECK(r.err.find("postgresql://admin:***@db.example:5432/clinic") != std::string::npos);
    CHECK(r.err.ends_with("Name the database with --database URL or DATABASE_URL; see `clinic migrate --help`.\n"));
    auto json = box.run<v1>({"status", "--json", "--database", url});
    CHECK(json.exit == 2);
    CHECK(json.out.find("hunter2") == std::string::npos);
    CHECK(json.out.find("admin:***@db.example") != std::string::npos);
  }
  SECTION("an opener whose error quotes the URL or the password") {
    auto leaky = [](const migrate::database_url& u) -> migrate::sqlite::store {
      throw migrate::store_error("could not connect to " + u.text + " (password hunter2 rejected)");
    };
    box.env["DATABASE_URL"] = url;
    auto r = box.run<v1>({"upgrade"}, leaky);
    CHECK(r.exit == 1);
    CHECK(r.err.find("hunter2") == std::string::npos);
    CHECK(r.err.find("could not connect to postgresql://admin:***@db.example:5432/clinic") != std::string::npos);
    auto json = box.run<v1>({"upgrade", "--json"}, leaky);
    CHECK(json.out.find("hunter2") == std::string::npos);
  }
  SECTION("percent-encoded passwords and token parameters") {
    auto leaky = [](const migrate::database_url&) -> migrate::sqlite::store {
      throw migrate::store_error("login failed for p@ss:w0rd and s3cr3t-token");
    };
    auto r = box.run<v1>({"status", "--database", "https://fhir.example/r4?token=s3cr3t-token&x=1"}, leaky);
    CHECK(r.err.find("s3cr3t-token") == std::string::npos);
    auto r2 = box.run<v1>({"status", "--database", "postgresql://u:p%40ss%3Aw0rd@h/db"}, leaky);
    CHECK(r2.err.find("p@ss:w0rd") == std::string::npos);
  }
  SECTION("help shows the default URL without its password") {
    memory_stream out, err;
    auto opts = box.options(out.file(), err.file());
    opts.default_database_url = url;
    std::vector<std::string_view> args{"--help"};
    CHECK(migrate::cli::run<v1>(std::span<const std::string_view>(args), opts) == 0);
    auto text = out.text();
    CHECK(text.find("hunter2") == std::string::npos);
    CHECK(text.find("postgresql://admin:***@db.example") != std::string::npos);
  }
}

TEST_CASE("an older build's stamp and reset refuse to forget a newer revision, exit 3, unless told to") {
  sandbox box;
  REQUIRE(box.run<v2>({"upgrade"}).exit == 0);
  auto all = box.recorded();
  auto stamp = box.run<v1>({"stamp", "head"});
  CHECK(stamp.exit == 3);
  CHECK(stamp.err.find("would forget revision(s) 5e6f708192a3") != std::string::npos);
  CHECK(stamp.err.find("--forget-unknown") != std::string::npos);
  CHECK(box.run<v1>({"reset", "--yes"}).exit == 3);
  CHECK(box.recorded() == all);

  auto json = box.run<v1>({"stamp", "head", "--json"});
  CHECK(json.exit == 3);
  CHECK(json.out.find("\"code\":\"unknown_revision\"") != std::string::npos);

  auto forced = box.run<v1>({"stamp", "head", "--forget-unknown"});
  CHECK(forced.exit == 0);
  CHECK(forced.out.find("Repaired: forgot unknown revision(s) 5e6f708192a3") != std::string::npos);
  CHECK(box.recorded().size() == all.size() - 1);
  CHECK(box.run<v1>({"verify"}).exit == 0);
}

TEST_CASE("stamp over checksum drift refuses, exit 3, unless --accept-checksums") {
  sandbox box;
  REQUIRE(box.run<v1>({"upgrade"}).exit == 0);
  auto refused = box.run<drifted>({"stamp", "head"});
  CHECK(refused.exit == 3);
  CHECK(refused.err.find("--accept-checksums") != std::string::npos);
  CHECK(box.run<drifted>({"verify"}).exit == 3);
  CHECK(box.run<drifted>({"stamp", "head", "--accept-checksums"}).exit == 0);
  CHECK(box.run<drifted>({"verify"}).exit == 0);
}

TEST_CASE("a migration throwing a non-standard exception: exit 1, named, rolled back") {
  sandbox box;
  auto r = box.run<throws_int>({"upgrade"});
  CHECK(r.exit == 1);
  CHECK(r.err.find("7e7e7e7e7e7e (import legacy codes) failed: a non-standard exception of type int") !=
        std::string::npos);
  CHECK(r.err.find("unknown error") == std::string::npos);
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f"});
  CHECK_FALSE(box.has_table("legacy_codes"));
  auto json = box.run<throws_int>({"upgrade", "--json"});
  CHECK(json.out.find("\"revision\":\"7e7e7e7e7e7e\"") != std::string::npos);
}

// The box's database as Alembic leaves it at f8ff2ab1fdfa, with the application's `tables`.
void leave_as_alembic_does(const sandbox& box, const std::string& tables) {
  migrate::sqlite::store foreign(box.database());
  foreign.session().execute_script("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);"
                                   "INSERT INTO alembic_version VALUES ('f8ff2ab1fdfa');" + tables);
}

TEST_CASE("a database with tables but no migrate state: verify, status and upgrade exit 3, nothing runs") {
  sandbox box;
  leave_as_alembic_does(box, "CREATE TABLE users (id INTEGER PRIMARY KEY)");
  auto verify = box.run<v1>({"verify"});
  CHECK(verify.exit == 3);
  CHECK(verify.out.find("unmanaged_database") != std::string::npos);
  CHECK(verify.out.find("Alembic's state (alembic_version at f8ff2ab1fdfa)") != std::string::npos);
  CHECK(box.run<v1>({"status"}).exit == 3);
  auto upgrade = box.run<v1>({"upgrade"});
  CHECK(upgrade.exit == 3);
  CHECK(upgrade.err.find("nothing was run") != std::string::npos);
  CHECK_FALSE(box.has_table("patients"));
  CHECK(box.recorded().empty());
}

TEST_CASE("adopt: an Alembic-managed database is refused by upgrade, then taken over by id mapping") {
  sandbox box;
  leave_as_alembic_does(box, "CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
  auto refused = box.run<v1>({"upgrade"});
  CHECK(refused.exit == 3);
  CHECK(refused.err.find("managed by Alembic") != std::string::npos);
  CHECK(refused.err.find("`adopt`") != std::string::npos);

  auto unknown = box.run<v1>({"adopt"});
  CHECK(unknown.exit == 3);
  CHECK(unknown.err.find("--map FOREIGN=OURS") != std::string::npos);
  CHECK(box.run<v1>({"adopt", "--map", "nonsense"}).exit == 2);

  auto adopted = box.run<v1>({"adopt", "--map", "f8ff2ab1fdfa=1a2b3c4d5e6f"});
  CHECK(adopted.exit == 0);
  CHECK(adopted.out.find("Adopted sqlite:") != std::string::npos);
  CHECK(adopted.out.find("took over Alembic's state (alembic_version at f8ff2ab1fdfa)") != std::string::npos);
  CHECK(box.recorded() == revisions{"1a2b3c4d5e6f"});
  CHECK(box.has_table("alembic_version"));  // left for Alembic, which still tells where it was
  auto history = box.run<v1>({"history"});
  CHECK(history.out.find("1a2b3c4d5e6f  sql   adopted") != std::string::npos);
  CHECK(box.run<v1>({"history", "--json"}).out.find("\"recorded_by\":\"adopt:alembic\"") != std::string::npos);
  CHECK(box.run<v1>({"upgrade"}).exit == 0);
  CHECK(box.run<v1>({"adopt"}).exit == 3);  // already managed
}

TEST_CASE("a DATABASE_URL the CLI cannot read is refused listing what this build opens; unset, the default is announced") {
  sandbox box;
  box.env["DATABASE_URL"] = "host=db user=app password=SEKRIT dbname=clinic";
  auto refused = box.run<v1>({"status"});
  CHECK(refused.exit == 2);
  CHECK(refused.err.find("this build opens sqlite:///relative.db") != std::string::npos);
  CHECK(refused.err.find("SEKRIT") == std::string::npos);
  CHECK(std::filesystem::is_empty(box.dir()));  // no SQLite file named after the string

  std::vector<migrate::event> seen;
  box.sinks.add([&seen](const migrate::event& e) { seen.push_back(e); });
  box.env.erase("DATABASE_URL");
  auto defaulted = box.run<v1>({"status", "--database", box.database()});
  CHECK(defaulted.exit == 0);
  CHECK(seen.empty());  // --database given: nothing to announce
  CHECK(box.run<v1>({"heads"}).exit == 0);
  CHECK(seen.empty());  // no store needed: nothing opened, nothing announced
}
