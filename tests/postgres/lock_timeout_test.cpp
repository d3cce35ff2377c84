// A step queued behind an application's LOCK TABLE gives up after lock_timeout, is retried in a fresh
// transaction, and finally fails naming the blocking session — with state and schema unchanged.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "postgres_fixture.hpp"

namespace {
std::atomic<int> tries{0};

namespace locking {
MIGRATE_SQL_MIGRATION(patients, .revision = "l1", .description = "create patients",
                      .up = "CREATE TABLE patients (id INT);", .down = "DROP TABLE patients;");
MIGRATE_CODE_MIGRATION(add_mrn, .revision = "l2", .revises = "l1", .description = "add mrn") {
  static void upgrade(migrate::postgres::session& db) {
    ++tries;
    db.execute_script("ALTER TABLE patients ADD COLUMN mrn TEXT");
  }
  static void downgrade(migrate::postgres::session& db) { db.execute_script("ALTER TABLE patients DROP COLUMN mrn"); }
};
using registry = migrate::registry<patients, add_mrn>;

MIGRATE_CODE_MIGRATION(add_mrn_outside, .revision = "l2", .revises = "l1", .description = "add mrn, no transaction",
                       .in_transaction = false) {
  static void upgrade(migrate::postgres::session& db) {
    ++tries;
    db.execute_script("ALTER TABLE patients ADD COLUMN mrn TEXT");
  }
  static void downgrade(migrate::postgres::session& db) { db.execute_script("ALTER TABLE patients DROP COLUMN mrn"); }
};
using outside = migrate::registry<patients, add_mrn_outside>;
}  // namespace locking

/// An application session (application_name "clinic-app") holding `LOCK TABLE patients IN ACCESS EXCLUSIVE
/// MODE` in an open transaction until `release_when()` holds, or the holder is destroyed, or 30 s have passed
/// (a test without lock timeouts then ends instead of hanging).
class table_lock_holder {
 public:
  explicit table_lock_holder(const std::string& url, std::function<bool()> release_when = [] { return false; })
      : app_(url + "?application_name=clinic-app") {
    app_.session().execute_script("BEGIN; LOCK TABLE patients IN ACCESS EXCLUSIVE MODE");
    pid_ = app_.session().query_value<int>("SELECT pg_backend_pid()").value();
    thread_ = std::thread([this, release_when = std::move(release_when)] {
      auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      std::unique_lock lock(mutex_);
      while (!wake_.wait_for(lock, std::chrono::milliseconds(10), [this] { return stop_; }) && !release_when() &&
             std::chrono::steady_clock::now() < give_up) {
      }
      app_.session().execute_script("COMMIT");
    });
  }
  ~table_lock_holder() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  int pid() const { return pid_; }

 private:
  migrate::postgres::store app_;
  int pid_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

bool has_mrn(migrate::postgres::store& store) {
  return store.session()
      .query_value<int>(
          "SELECT 1 FROM information_schema.columns WHERE table_name = 'patients' AND column_name = 'mrn'")
      .has_value();
}

migrate::postgres::options quick_lock_timeouts(int retries) {
  migrate::postgres::options options;
  options.step_lock_timeout = std::chrono::milliseconds(200);
  options.lock_retries = retries;
  options.lock_retry_backoff = std::chrono::milliseconds(100);
  return options;
}
}  // namespace

using Catch::Matchers::Contains;
using migrate_test::postgres_fixture;
using migrate_test::quiet;
using migrate_test::revisions_of;

TEST_CASE_METHOD(postgres_fixture, "a step behind an application's table lock fails naming the blocker",
                 "[postgres][lock_timeout]") {
  migrate::migrator<locking::registry, migrate::postgres::store>(store(), quiet()).upgrade(migrate::target::at("l1"));
  migrate::postgres::store runner(database.url(), quick_lock_timeouts(2));
  table_lock_holder app(database.url());
  tries = 0;
  try {
    migrate::upgrade_all<locking::registry>(runner, quiet());
    FAIL("expected a lock timeout");
  } catch (const migrate::migration_failed_error& e) {
    fmt::print("{}\n", e.what());
    CHECK(e.revision() == "l2");
    CHECK_THAT(e.what(), Contains("statement \"ALTER TABLE patients ADD COLUMN mrn TEXT\" failed"));
    CHECK_THAT(e.what(), Contains("canceling statement due to lock timeout"));
    CHECK_THAT(e.what(), Contains("lock_timeout 200 ms; tried 3 times, each rolled back"));
    CHECK_THAT(e.what(), Contains("it waited for AccessExclusiveLock on relation patients"));
    CHECK_THAT(e.what(), Contains(fmt::format("held by pid {} (application_name \"clinic-app\", idle in transaction)",
                                              app.pid())));
  }
  CHECK(tries == 3);
  CHECK(revisions_of(runner.load_state()) == std::vector<std::string>{"l1"});
  CHECK_FALSE(has_mrn(runner));
  // The session's own lock_timeout is back once the step is over.
  CHECK(runner.session().query_value<std::string>("SHOW lock_timeout") == "0");
}

TEST_CASE_METHOD(postgres_fixture, "a step whose blocker lets go during the retries is applied once",
                 "[postgres][lock_timeout]") {
  migrate::migrator<locking::registry, migrate::postgres::store>(store(), quiet()).upgrade(migrate::target::at("l1"));
  migrate::postgres::store runner(database.url(), quick_lock_timeouts(5));
  tries = 0;
  {
    table_lock_holder app(database.url(), [] { return tries >= 2; });  // while the second try waits
    auto report = migrate::upgrade_all<locking::registry>(runner, quiet());
    CHECK(report.steps.size() == 1);
  }
  CHECK(tries >= 2);
  CHECK(revisions_of(runner.load_state()) == std::vector<std::string>{"l1", "l2"});
  CHECK(has_mrn(runner));
}

// A single-transaction run takes no savepoint per step (a thousand would overflow PostgreSQL's subtransaction
// cache), so a step that times out on a lock cannot be retried alone: the run is rolled back and says so.
TEST_CASE_METHOD(postgres_fixture, "in a single-transaction run a lock timeout rolls the whole run back, untried",
                 "[postgres][lock_timeout]") {
  migrate::migrator<locking::registry, migrate::postgres::store>(store(), quiet()).upgrade(migrate::target::at("l1"));
  migrate::postgres::store runner(database.url(), quick_lock_timeouts(5));
  auto whole_run = quiet();
  whole_run.single_transaction = true;
  tries = 0;
  {
    table_lock_holder app(database.url());
    CHECK_THROWS_WITH(migrate::upgrade_all<locking::registry>(runner, whole_run),
                      Contains("canceling statement due to lock timeout") &&
                          Contains("not retried: a single-transaction run has no per-step savepoint, so the whole "
                                   "run is rolled back") &&
                          Contains("clinic-app"));
  }
  CHECK(tries == 1);
  CHECK(revisions_of(runner.load_state()) == std::vector<std::string>{"l1"});
  CHECK_FALSE(has_mrn(runner));
  CHECK(migrate::upgrade_all<locking::registry>(runner, whole_run).steps.size() == 1);  // run again once it is free
  CHECK(has_mrn(runner));
}

TEST_CASE_METHOD(postgres_fixture, "the URL's lock_timeout is used for steps when no option sets one",
                 "[postgres][lock_timeout]") {
  migrate::migrator<locking::registry, migrate::postgres::store>(store(), quiet()).upgrade(migrate::target::at("l1"));
  migrate::postgres::options options;
  options.lock_retries = 0;
  migrate::postgres::store runner(database.url() + "?options=-c%20lock_timeout%3D1s", options);
  table_lock_holder app(database.url());
  CHECK_THROWS_WITH(migrate::upgrade_all<locking::registry>(runner, quiet()),
                    Contains("lock_timeout 1000 ms; tried once") && Contains("clinic-app"));
  CHECK(runner.session().query_value<std::string>("SHOW lock_timeout") == "1s");
}

TEST_CASE_METHOD(postgres_fixture, "a step outside a transaction is not retried after a lock timeout",
                 "[postgres][lock_timeout]") {
  migrate::migrator<locking::outside, migrate::postgres::store>(store(), quiet()).upgrade(migrate::target::at("l1"));
  migrate::postgres::store runner(database.url(), quick_lock_timeouts(3));
  table_lock_holder app(database.url());
  tries = 0;
  CHECK_THROWS_WITH(migrate::upgrade_all<locking::outside>(runner, quiet()),
                    Contains("not retried: it runs outside a transaction") && Contains("clinic-app"));
  CHECK(tries == 1);
  auto state = runner.load_state();
  REQUIRE(state.size() == 2);
  CHECK(state[1].in_progress);  // the dirty marker every interrupted non-transactional step leaves
  CHECK_FALSE(has_mrn(runner));
}

TEST_CASE_METHOD(postgres_fixture, "waiting for another migrate run is not cut short by the step lock timeout",
                 "[postgres][lock_timeout]") {
  migrate::postgres::store holder(database.url());
  migrate::postgres::store waiter(database.url(), quick_lock_timeouts(0));
  auto guard = std::make_unique<migrate::postgres::store::run_lock>(holder.lock({}));
  std::thread release([&guard] {
    std::this_thread::sleep_for(std::chrono::seconds(1));  // five step lock timeouts
    guard.reset();
  });
  std::size_t applied = 0;
  CHECK_NOTHROW(applied = migrate::upgrade_all<locking::registry>(waiter, quiet()).steps.size());
  release.join();
  CHECK(applied == 2);
}
