// kill -9 in the middle of a migration: a transactional step leaves no trace and the store stays at a clean
// revision; a step declared `.in_transaction = false` leaves the dirty marker, which blocks runs until `stamp`.

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "concurrency_registry.hpp"

#ifndef MIGRATE_KILL_WORKER
#error "MIGRATE_KILL_WORKER must name the kill_worker executable"
#endif

using namespace concurrency_test;
using namespace std::chrono_literals;
using kill_migrator = migrate::migrator<kill::registry, migrate::sqlite::store>;
using dirty_migrator = migrate::migrator<kill::dirty_registry, migrate::sqlite::store>;

namespace {

/// A kill_worker that has reached the slow third migration and is inside it, until `kill_now()`.
class doomed_worker {
 public:
  doomed_worker(const std::string& db, const char* mode) {
    child_ = spawn_worker(MIGRATE_KILL_WORKER, {db, mode}, -1,
                          {"MIGRATE_TEST_SIGNAL_FD=1", "MIGRATE_TEST_SLOW_MS=20000"});
    pollfd p{child_.out, POLLIN, 0};
    if (::poll(&p, 1, 20000) == 1 && ::read(child_.out, &signal_, 1) == 1) started_ = signal_ == 's';
  }
  doomed_worker(const doomed_worker&) = delete;
  doomed_worker& operator=(const doomed_worker&) = delete;
  ~doomed_worker() { kill_now(); }

  /// True once the worker signalled from inside the slow migration.
  bool started() const { return started_; }

  /// SIGKILLs and reaps the worker; returns its wait status.
  int kill_now() {
    if (child_.pid > 0) {
      ::kill(child_.pid, SIGKILL);
      status_ = wait_for(child_.pid);
      ::close(child_.out);
      child_.pid = -1;
    }
    return status_;
  }

 private:
  child_process child_;
  char signal_ = 0;
  bool started_ = false;
  int status_ = 0;
};

/// SIGKILLs `worker` and requires that the signal, not a clean exit, ended it.
void require_killed(doomed_worker& worker) {
  int status = worker.kill_now();
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);
}

/// Runs a kill_worker in `mode` on `db` and SIGKILLs it 50 ms into its slow third migration.
void kill_mid_migration(const std::string& db, const char* mode) {
  doomed_worker worker(db, mode);
  REQUIRE(worker.started());
  std::this_thread::sleep_for(50ms);
  require_killed(worker);
}

std::int64_t count(migrate::sqlite::store& store, const std::string& sql) {
  return store.session().query_value<std::int64_t>(sql).value_or(-1);
}
bool table_exists(migrate::sqlite::store& store, const std::string& name) {
  return store.session()
      .query_value<std::int64_t>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", name)
      .has_value();
}
std::int64_t executions(migrate::sqlite::store& store, const std::string& revision) {
  return store.session()
      .query_value<std::int64_t>("SELECT COUNT(*) FROM side_effects WHERE revision = ?1", revision)
      .value_or(-1);
}
std::vector<std::string> revisions(const std::vector<migrate::applied_migration>& state) {
  std::vector<std::string> out;
  for (const auto& row : state) out.push_back(row.revision + (row.in_progress ? " (in progress)" : ""));
  return out;
}
bool has_finding(const std::vector<migrate::finding>& findings, migrate::errc code, const std::string& revision) {
  for (const auto& f : findings)
    if (f.code == code && f.revision == revision) return true;
  return false;
}

}  // namespace

TEST_CASE("kill -9 inside a transactional migration leaves the last clean revision", "[kill]") {
  // Kill at different points of the slow step: right at its start and after it has written a while.
  for (auto delay : {0ms, 20ms, 50ms, 100ms, 200ms}) {
    INFO("killed " << delay.count() << " ms into the third migration");
    scratch_dir dir;
    const std::string db = dir / "kill.db";
    {
      doomed_worker worker(db, "transactional");
      REQUIRE(worker.started());
      if (delay == 100ms) {
        // While the worker is inside its migration it holds the run lock: another runner times out...
        migrate::sqlite::options quick;
        quick.lock_timeout = 100ms;
        migrate::sqlite::store other{db, quick};
        CHECK_THROWS_MATCHES(
            kill_migrator(other, migrate::run_options{.sinks = {}}).upgrade(), migrate::error,
            Catch::Predicate<migrate::error>([](const migrate::error& e) {
              return e.code() == migrate::errc::lock_timeout;
            }));
      }
      else
        std::this_thread::sleep_for(delay);  // (the lock check above already took 100 ms)
      require_killed(worker);
    }

    // ...and once it is dead the kernel has dropped its flock, so nobody waits for a corpse.
    migrate::sqlite::options quick;
    quick.lock_timeout = 2s;
    migrate::sqlite::store store{db, quick};
    CHECK(store.session().query_value<std::string>("PRAGMA integrity_check") == "ok");
    auto state = store.load_state();
    CHECK(revisions(state) == std::vector<std::string>{"kill0001", "kill0002"});
    CHECK_FALSE(table_exists(store, "k_big"));  // the half-done step was rolled back, rows and table alike
    CHECK(executions(store, "kill0003") == 0);
    CHECK(executions(store, "kill0001") == 1);
    CHECK(executions(store, "kill0002") == 1);

    kill_migrator runner(store, migrate::run_options{.sinks = {}});
    CHECK(runner.verify().empty());
    auto status = runner.status();
    CHECK_FALSE(status.dirty);
    CHECK(status.applied == 2);
    CHECK(status.pending == 2);

    auto report = runner.upgrade();
    REQUIRE(report.steps.size() == 2);
    CHECK(report.steps[0].revision == "kill0003");
    CHECK(report.steps[1].revision == "kill0004");
    CHECK(revisions(store.load_state()) ==
          std::vector<std::string>{"kill0001", "kill0002", "kill0003", "kill0004"});
    CHECK(count(store, "SELECT COUNT(*) FROM k_big") == 1000);
    CHECK(executions(store, "kill0003") == 1);
    CHECK(executions(store, "kill0004") == 1);
    CHECK(runner.verify().empty());
    CHECK(runner.status().up_to_date());
  }
}

// The durability setting (docs/sqlite.md): in WAL mode a run commits its steps with synchronous = NORMAL and fsyncs
// once at the end. A process killed mid-run loses nothing it committed (only a power cut can cost the last commits),
// and the relaxed setting dies with its connection.
TEST_CASE("kill -9 during a run that commits with synchronous NORMAL keeps every step it committed", "[kill]") {
  REQUIRE(migrate::sqlite::options{}.sync_once_per_run);  // the worker runs with the defaults
  scratch_dir dir;
  const std::string db = dir / "kill.db";
  kill_mid_migration(db, "transactional");  // after kill0001 and kill0002 committed, inside kill0003
  migrate::sqlite::store store{db};
  CHECK(store.session().query_value<std::string>("PRAGMA journal_mode") == "wal");
  CHECK(store.session().query_value<std::int64_t>("PRAGMA synchronous") == 2);  // FULL: a new connection's own
  CHECK(store.session().query_value<std::string>("PRAGMA integrity_check") == "ok");
  CHECK(revisions(store.load_state()) == std::vector<std::string>{"kill0001", "kill0002"});
  CHECK(executions(store, "kill0001") == 1);
  CHECK(executions(store, "kill0002") == 1);
  CHECK_FALSE(table_exists(store, "k_big"));
}

TEST_CASE("kill -9 during a single-transaction run leaves the store where the run started", "[kill]") {
  scratch_dir dir;
  const std::string db = dir / "whole.db";
  kill_mid_migration(db, "whole-run");
  migrate::sqlite::store store{db};
  CHECK(store.session().query_value<std::string>("PRAGMA integrity_check") == "ok");
  CHECK(store.load_state().empty());  // the two steps that had finished went down with the run
  CHECK_FALSE(table_exists(store, "k_users"));
  CHECK_FALSE(table_exists(store, "side_effects"));
  kill_migrator runner(store, migrate::run_options{.sinks = {}});
  CHECK(runner.verify().empty());
  CHECK(runner.upgrade().steps.size() == kill::registry::size);
  CHECK(executions(store, "kill0001") == 1);
  CHECK(executions(store, "kill0003") == 1);
  CHECK(runner.status().up_to_date());
}

TEST_CASE("kill -9 inside a migration run outside a transaction leaves the dirty marker until stamp", "[kill]") {
  for (bool accept_half_applied : {false, true}) {
    INFO((accept_half_applied ? "recovering by stamping head" : "recovering by stamping the previous revision"));
    scratch_dir dir;
    const std::string db = dir / "dirty.db";
    kill_mid_migration(db, "dirty");

    migrate::sqlite::store store{db};
    auto state = store.load_state();
    REQUIRE(revisions(state) == std::vector<std::string>{"kill0001", "kill0002", "dirty0003 (in progress)"});
    // Half-applied: the table and every batch committed before the kill are there; the batch in flight is not.
    REQUIRE(table_exists(store, "d_big"));
    CHECK(count(store, "SELECT COUNT(*) FROM d_big") % 200 == 0);
    CHECK(executions(store, "dirty0003") == 0);

    dirty_migrator runner(store, migrate::run_options{.sinks = {}});
    try {
      runner.upgrade();
      FAIL("upgrade should refuse a dirty store");
    } catch (const migrate::error& e) {
      CHECK(e.code() == migrate::errc::dirty_state);
      CHECK_THAT(e.what(), Catch::Contains("dirty0003"));
    }
    CHECK_THROWS_MATCHES(runner.downgrade(), migrate::error,
                         Catch::Predicate<migrate::error>(
                             [](const migrate::error& e) { return e.code() == migrate::errc::dirty_state; }));
    CHECK(has_finding(runner.verify(), migrate::errc::dirty_state, "dirty0003"));
    CHECK(runner.status().dirty);
    CHECK(store.load_state() == state);  // refusing changed nothing

    if (accept_half_applied) {
      // The operator decides what is there is good enough (here: finishes the rows by hand) and stamps head.
      store.session().execute_script("DELETE FROM d_big");
      kill::slow_fill(store.session(), "d_big");
      runner.stamp(migrate::target::head());
      CHECK(revisions(store.load_state()) == std::vector<std::string>{"kill0001", "kill0002", "dirty0003"});
      CHECK(runner.upgrade().steps.empty());
    } else {
      // The operator undoes the partial step, stamps the last good revision and runs it again.
      store.session().execute_script("DROP TABLE d_big");
      runner.stamp(migrate::target::at("kill0002"));
      CHECK(revisions(store.load_state()) == std::vector<std::string>{"kill0001", "kill0002"});
      CHECK(runner.verify().empty());
      auto report = runner.upgrade();
      REQUIRE(report.steps.size() == 1);
      CHECK(report.steps[0].revision == "dirty0003");
      CHECK(revisions(store.load_state()) == std::vector<std::string>{"kill0001", "kill0002", "dirty0003"});
      CHECK(executions(store, "dirty0003") == 1);
    }
    CHECK(count(store, "SELECT COUNT(*) FROM d_big") == 1000);
    CHECK(runner.verify().empty());
    CHECK(runner.status().up_to_date());
  }
}
