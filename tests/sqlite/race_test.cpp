// The cross-process lock: N processes starting at once on one fresh database apply each migration exactly once,
// and a runner that cannot get the lock in time gives up with errc::lock_timeout having changed nothing.

#include <algorithm>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "concurrency_registry.hpp"

#ifndef MIGRATE_RACE_WORKER
#error "MIGRATE_RACE_WORKER must name the race_worker executable"
#endif

using namespace concurrency_test;
using race_registry = race::registry;
using namespace std::chrono_literals;

namespace {

std::vector<migrate::applied_migration> state_of(const std::string& db) {
  migrate::sqlite::store store{db};
  return store.load_state();
}

std::int64_t count(migrate::sqlite::store& store, const std::string& sql) {
  return store.session().query_value<std::int64_t>(sql).value_or(-1);
}

struct recorded_events {
  std::vector<migrate::event_kind> kinds;
  migrate::events sinks() {
    return {[this](const migrate::event& e) { kinds.push_back(e.kind); }};
  }
  std::size_t count(migrate::event_kind kind) const {
    return static_cast<std::size_t>(std::count(kinds.begin(), kinds.end(), kind));
  }
};

// The run gives up waiting for the lock with errc::lock_timeout.
template <class Runner>
void check_lock_timeout(Runner& runner) {
  CHECK_THROWS_MATCHES(runner.upgrade(), migrate::error,
                       Catch::Predicate<migrate::error>(
                           [](const migrate::error& e) { return e.code() == migrate::errc::lock_timeout; }));
}

}  // namespace

TEST_CASE("eight processes started together on a fresh database apply each migration exactly once", "[race]") {
  constexpr int processes = 8;
  constexpr int rounds = 20;
  constexpr long migrations = static_cast<long>(race_registry::size);
  long lock_waits = 0;
  int processes_that_waited = 0;

  for (int round = 0; round < rounds; ++round) {
    INFO("round " << round);
    scratch_dir dir;
    const std::string db = dir / "race.db";

    // Every worker gets the read end of `go` as stdin, says "ready", then blocks reading it; closing the write end
    // wakes all of them at once.
    pipe_pair go;
    std::vector<child_process> workers;
    for (int i = 0; i < processes; ++i) workers.push_back(spawn_worker(MIGRATE_RACE_WORKER, {db}, go.read));
    go.close_read();
    int ready = 0;
    for (auto& w : workers) ready += read_line(w.out) == "ready\n" ? 1 : 0;
    go.close_write();

    std::vector<std::string> outputs;
    std::vector<int> statuses;
    for (auto& w : workers) {
      outputs.push_back(read_all(w.out));
      ::close(w.out);
      statuses.push_back(wait_for(w.pid));
    }
    // Every child is reaped from here on, so REQUIRE may stop the test without leaving processes behind.
    REQUIRE(ready == processes);

    long applied_total = 0;
    int runners_that_applied = 0;
    for (int i = 0; i < processes; ++i) {
      INFO("worker " << i << " output:\n" << outputs[i]);
      REQUIRE(WIFEXITED(statuses[i]));
      REQUIRE(WEXITSTATUS(statuses[i]) == 0);
      long applied = field(outputs[i], "applied");
      long waited = field(outputs[i], "lock_wait");
      long acquired = field(outputs[i], "lock_acquired");
      REQUIRE(applied >= 0);
      REQUIRE(waited >= 0);
      // A runner that waited either got the lock or, seeing the winner had applied everything, left without it.
      CHECK(acquired <= waited);
      if (acquired < waited) CHECK(applied == 0);
      applied_total += applied;
      runners_that_applied += applied > 0 ? 1 : 0;
      lock_waits += waited;
      processes_that_waited += waited > 0 ? 1 : 0;
    }
    CHECK(applied_total == migrations);
    // The lock is held for the whole run, so whoever gets it first applies everything.
    CHECK(runners_that_applied == 1);

    migrate::sqlite::store store{db};
    auto state = store.load_state();
    REQUIRE(state.size() == race_registry::size);
    for (std::size_t i = 0; i < state.size(); ++i) {
      CHECK(state[i].revision == race_registry::migrations()[i].revision);
      CHECK_FALSE(state[i].in_progress);
    }
    // One side effect per migration: no migration body ran twice, not even in a rolled-back attempt that leaked.
    CHECK(count(store, "SELECT COUNT(*) FROM side_effects") == migrations);
    CHECK(count(store, "SELECT COUNT(DISTINCT revision) FROM side_effects") == migrations);
    CHECK(count(store, "SELECT COUNT(*) FROM event_log") == 50000);
    CHECK(count(store, "SELECT COUNT(*) FROM totals") == 50000);
    CHECK(count(store, "SELECT COUNT(*) FROM accounts") == 2);
    CHECK(store.session().query_value<std::string>("PRAGMA integrity_check") == "ok");
    migrate::migrator<race_registry, migrate::sqlite::store> check(store, migrate::run_options{.sinks = {}});
    CHECK(check.verify().empty());
    CHECK(check.status().up_to_date());
  }
  // Not a timing assertion on any one round: across 160 runners started together, some must have found the lock
  // taken (the slow migrations alone take tens of milliseconds).
  INFO(processes_that_waited << " of " << processes * rounds << " runners waited for the lock");
  CHECK(lock_waits > 0);
}

TEST_CASE("a runner that cannot get the lock in time throws lock_timeout and changes nothing", "[race][lock]") {
  scratch_dir dir;
  const std::string db = dir / "locked.db";
  const std::string lock_file = db + "-migrate.lock";
  migrate::sqlite::options quick;
  quick.lock_timeout = 200ms;

  SECTION("the lock file is held with flock by someone else") {
    int holder = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    REQUIRE(holder >= 0);
    REQUIRE(::flock(holder, LOCK_EX | LOCK_NB) == 0);

    migrate::sqlite::store store{db, quick};
    recorded_events seen;
    migrate::migrator<race_registry, migrate::sqlite::store> runner(store, migrate::run_options{.sinks = seen.sinks()});
    auto started = std::chrono::steady_clock::now();
    try {
      runner.upgrade();
      FAIL("upgrade should have timed out");
    } catch (const migrate::error& e) {
      CHECK(e.code() == migrate::errc::lock_timeout);
      CHECK_THAT(e.what(), Catch::Contains(lock_file));
    }
    CHECK(std::chrono::steady_clock::now() - started >= 200ms);
    CHECK(seen.count(migrate::event_kind::lock_wait) == 1);
    CHECK(seen.count(migrate::event_kind::lock_acquired) == 0);
    CHECK(seen.count(migrate::event_kind::run_started) == 0);
    CHECK(seen.count(migrate::event_kind::applied) == 0);

    // Stamp and reset take the same lock.
    CHECK_THROWS_MATCHES(runner.stamp(migrate::target::head()), migrate::error,
                         Catch::Predicate<migrate::error>(
                             [](const migrate::error& e) { return e.code() == migrate::errc::lock_timeout; }));
    CHECK_THROWS_MATCHES(runner.reset(), migrate::error,
                         Catch::Predicate<migrate::error>(
                             [](const migrate::error& e) { return e.code() == migrate::errc::lock_timeout; }));

    // Nothing was written: no state table, no schema at all.
    CHECK(store.load_state().empty());
    CHECK(count(store, "SELECT COUNT(*) FROM sqlite_master") == 0);

    // Once the holder lets go, the same runner proceeds without waiting.
    ::close(holder);
    seen.kinds.clear();
    auto report = runner.upgrade();
    CHECK(report.steps.size() == race_registry::size);
    CHECK(seen.count(migrate::event_kind::lock_wait) == 0);
  }

  SECTION("another store's lock guard holds it, on a database that is part-way migrated") {
    migrate::sqlite::store holder{db};
    migrate::migrator<race_registry, migrate::sqlite::store>(holder, migrate::run_options{.sinks = {}})
        .upgrade(migrate::target::at("race0002"));
    auto before = state_of(db);
    REQUIRE(before.size() == 2);

    auto guard = holder.lock(migrate::events{});
    REQUIRE(guard.held());
    migrate::sqlite::store store{db, quick};
    recorded_events seen;
    migrate::migrator<race_registry, migrate::sqlite::store> runner(store, migrate::run_options{.sinks = seen.sinks()});
    check_lock_timeout(runner);
    CHECK(seen.count(migrate::event_kind::lock_wait) == 1);
    CHECK(seen.count(migrate::event_kind::applied) == 0);
    CHECK(state_of(db) == before);

    // Released while the runner waits: it gets the lock and reports both the wait and the acquisition.
    migrate::sqlite::options patient;
    patient.lock_timeout = 10s;
    migrate::sqlite::store waiter{db, patient};
    recorded_events waited;
    std::promise<void> waiting;
    std::thread releaser([&] {
      waiting.get_future().wait_for(20s);  // released once the runner reported that it waits
      auto released = std::move(guard);
    });
    auto sinks = waited.sinks();
    sinks.add([&](const migrate::event& e) {
      if (e.kind == migrate::event_kind::lock_wait) waiting.set_value();
    });
    migrate::run_report report;
    try {
      report = migrate::upgrade_all<race_registry>(waiter, migrate::run_options{.sinks = sinks});
    } catch (...) {
      releaser.join();
      throw;
    }
    releaser.join();
    CHECK(report.steps.size() == race_registry::size - 2);
    CHECK(waited.count(migrate::event_kind::lock_wait) == 1);
    CHECK(waited.count(migrate::event_kind::lock_acquired) == 1);
    CHECK(waited.kinds.front() == migrate::event_kind::lock_wait);
  }
}

TEST_CASE("the lock lives in a sidecar file next to the database", "[race][lock]") {
  scratch_dir dir;
  const std::string db = dir / "sidecar.db";
  migrate::sqlite::store store{db};
  migrate::upgrade_all<race_registry>(store, migrate::run_options{.sinks = {}});
  CHECK(std::filesystem::exists(db + "-migrate.lock"));
  // The sidecar stays (deleting it could let two runners lock different inodes) but is not held after the run.
  int fd = ::open((db + "-migrate.lock").c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(fd >= 0);
  CHECK(::flock(fd, LOCK_EX | LOCK_NB) == 0);
  ::close(fd);
}

TEST_CASE("runners naming one database differently still share its lock", "[race][lock]") {
  scratch_dir dir;
  const std::string db = dir / "real.db";
  std::filesystem::create_symlink(db, dir / "link.db");
  const std::string plain_lock = db + "-migrate.lock";

  migrate::sqlite::store holder{db};
  auto guard = holder.lock(migrate::events{});
  REQUIRE(std::filesystem::exists(plain_lock));

  // A URI filename (SQLite here is built with URI support), a symlink, and a path with a detour all open the same
  // file, so they must wait for the same lock rather than each locking a sidecar of its own spelling.
  for (std::string spelling : {"file:" + db + "?mode=rwc", dir / "link.db", dir / "../" + dir.path().filename().string() + "/real.db"}) {
    INFO("database named " << spelling);
    migrate::sqlite::options quick;
    quick.lock_timeout = 100ms;
    migrate::sqlite::store other{spelling, quick};
    CHECK_THROWS_MATCHES(migrate::upgrade_all<race_registry>(other, migrate::run_options{.sinks = {}}), migrate::error,
                         Catch::Predicate<migrate::error>(
                             [](const migrate::error& e) { return e.code() == migrate::errc::lock_timeout; }));
  }
  guard = {};

  migrate::sqlite::store by_uri{"file:" + db + "?mode=rwc"};
  CHECK(migrate::upgrade_all<race_registry>(by_uri, migrate::run_options{.sinks = {}}).steps.size() ==
        race_registry::size);
  CHECK(state_of(dir / "link.db").size() == race_registry::size);
  // Only the real file's sidecar was ever created.
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    if (entry.path().string().ends_with("-migrate.lock")) names.push_back(entry.path().filename().string());
  CHECK(names == std::vector<std::string>{"real.db-migrate.lock"});
}

TEST_CASE("in-memory and temporary databases need no lock file", "[race][lock]") {
  for (std::string spelling : {":memory:", "", "file::memory:", "file:memdb1?mode=memory&cache=shared"}) {
    INFO("database named '" << spelling << "'");
    migrate::sqlite::store store{spelling};
    auto guard = store.lock(migrate::events{});
    CHECK_FALSE(guard.held());
    guard = {};
    CHECK(migrate::upgrade_all<race_registry>(store, migrate::run_options{.sinks = {}}).steps.size() ==
          race_registry::size);
  }
}

// A starter that loses the race waits; when the winner lets go having applied everything, the waiter sees that
// (under the shared lock, with the other waiters) and leaves without taking the lock: no lock_acquired, no step,
// no backup (nor any other preparation for changes).
TEST_CASE("a runner that waited for the lock and finds everything applied leaves without taking it", "[race][lock]") {
  scratch_dir dir;
  const std::string db = dir / "race.db";
  const std::string backup = dir / "backup.db";
  migrate::sqlite::store holder{db};
  migrate::upgrade_all<race_registry>(holder, migrate::run_options{.sinks = {}});
  auto all = state_of(db);
  auto guard = holder.lock(migrate::events{});
  REQUIRE(guard.held());
  // Part-way, as far as the waiter's first look can tell: it finds work to do, so it waits for the lock.
  holder.replace_state(std::vector<migrate::applied_migration>(all.begin(), all.begin() + 2));

  migrate::sqlite::options options;
  options.backup_path = backup;
  migrate::sqlite::store waiter{db, options};
  recorded_events seen;
  std::promise<void> waiting;
  std::thread finisher([&] {
    waiting.get_future().wait_for(20s);  // once the waiter reported that it waits, the holder "applies" the rest
    holder.replace_state(all);
    auto released = std::move(guard);
  });
  auto sinks = seen.sinks();
  sinks.add([&](const migrate::event& e) {
    if (e.kind == migrate::event_kind::lock_wait) waiting.set_value();
  });
  migrate::run_report report;
  try {
    report = migrate::upgrade_all<race_registry>(waiter, migrate::run_options{.sinks = sinks});
  } catch (...) {
    finisher.join();
    throw;
  }
  finisher.join();
  CHECK(report.steps.empty());
  CHECK(report.from == std::vector<std::string>{std::string(all.back().revision)});
  using k = migrate::event_kind;
  CHECK(seen.kinds == std::vector<k>{k::lock_wait, k::run_started, k::run_finished});
  CHECK_FALSE(std::filesystem::exists(backup));
  CHECK(state_of(db) == all);
}

// Everything applied, the lock found taken (here by a reader's shared flock, against which the exclusive lock would
// wait until the timeout): the start checks under the shared lock and leaves, never taking the exclusive one.
TEST_CASE("a waiter that finds everything applied never takes the exclusive lock", "[race][lock]") {
  scratch_dir dir;
  const std::string db = dir / "done.db";
  {
    migrate::sqlite::store first{db};
    migrate::upgrade_all<race_registry>(first, migrate::run_options{.sinks = {}});
  }
  int reader = ::open((db + "-migrate.lock").c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(reader >= 0);
  REQUIRE(::flock(reader, LOCK_SH | LOCK_NB) == 0);
  migrate::sqlite::options quick;
  quick.lock_timeout = 200ms;
  migrate::sqlite::store store{db, quick};
  recorded_events seen;
  migrate::migrator<race_registry, migrate::sqlite::store> runner(store, migrate::run_options{.sinks = seen.sinks()});
  auto report = runner.upgrade();
  CHECK(report.steps.empty());
  using k = migrate::event_kind;
  CHECK(seen.kinds == std::vector<k>{k::lock_wait, k::run_started, k::run_finished});

  // With one migration pending, the same start needs the exclusive lock: it waits for the reader, then times out.
  auto rows = state_of(db);
  rows.pop_back();
  store.replace_state(rows);
  seen.kinds.clear();
  check_lock_timeout(runner);
  CHECK(seen.kinds == std::vector<k>{k::lock_wait});
  ::close(reader);
}

// The look without the lock may only ever end a run that has nothing to do and nothing to report: pending work, a
// dirty row, an unknown revision or a drifted checksum take the lock (here: time out waiting for it) and are acted on
// or reported under it, never skipped or reported from the unlocked read.
TEST_CASE("a state with work or a finding still waits for the lock and is judged under it", "[race][lock]") {
  scratch_dir dir;
  const std::string db = dir / "amiss.db";
  migrate::sqlite::store holder{db};
  migrate::migrator<race_registry, migrate::sqlite::store>(holder, migrate::run_options{.sinks = {}})
      .upgrade(migrate::target::at("race0004"));
  auto rows = state_of(db);
  REQUIRE(rows.size() == race_registry::size - 1);

  migrate::errc expected{};
  SECTION("pending work") {
    expected = migrate::errc::lock_timeout;  // none to report: the released run applies the last migration
  }
  SECTION("a dirty row") {
    rows.back().in_progress = true;
    expected = migrate::errc::dirty_state;
  }
  SECTION("an unknown revision") {
    rows.push_back(rows.back());
    rows.back().revision = "from_a_newer_build";
    expected = migrate::errc::unknown_revision;
  }
  SECTION("a drifted checksum") {
    REQUIRE_FALSE(rows.front().checksum.empty());  // race0001 is SQL
    rows.front().checksum = "0123456789abcdef";
    expected = migrate::errc::checksum_mismatch;
  }
  auto guard = holder.lock(migrate::events{});
  REQUIRE(guard.held());
  holder.replace_state(rows);
  rows = state_of(db);  // as the store reads them back

  migrate::sqlite::options quick;
  quick.lock_timeout = 200ms;
  migrate::sqlite::store store{db, quick};
  recorded_events seen;
  migrate::migrator<race_registry, migrate::sqlite::store> runner(store, migrate::run_options{.sinks = seen.sinks()});
  check_lock_timeout(runner);
  CHECK(seen.count(migrate::event_kind::lock_wait) == 1);
  CHECK(seen.count(migrate::event_kind::run_started) == 0);
  CHECK(state_of(db) == rows);

  // Under the lock the same run acts on it or reports the finding.
  guard = {};
  seen.kinds.clear();
  if (expected == migrate::errc::lock_timeout) {
    CHECK(runner.upgrade().steps.size() == 1);
    CHECK(state_of(db).size() == race_registry::size);
  } else {
    CHECK_THROWS_MATCHES(runner.upgrade(), migrate::error,
                         Catch::Predicate<migrate::error>([&](const migrate::error& e) { return e.code() == expected; }));
    CHECK(state_of(db) == rows);
  }
  CHECK(seen.count(migrate::event_kind::lock_wait) == 0);
}
