#pragma once
// Migrations shared by the multi-process tests (race_test, kill_test) and their worker executables, plus the
// process helpers of tests/support they use to spawn, synchronise and reap workers.
//
// Every migration here writes one row to `side_effects` inside its own step, so a test can count how many
// times each migration really executed (the table has no unique constraint on purpose).

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <migrate/migrate.hpp>

#include <processes.hpp>
#include <temp_dir.hpp>

namespace concurrency_test {

/// Records one execution of `revision` (non-unique on purpose: a double application shows up as two rows).
inline void record_execution(migrate::sqlite::session& db, std::string_view revision) {
  db.execute("INSERT INTO side_effects (revision, pid) VALUES (?1, ?2)", revision, static_cast<std::int64_t>(::getpid()));
}

// ---------------------------------------------------------------------------------------------------------------
// The race chain: five migrations, SQL and code mixed, two of them slow (50k-row recursive CTE inserts), so that
// eight runners started together really overlap.
// ---------------------------------------------------------------------------------------------------------------
namespace race {

MIGRATE_SQL_MIGRATION(r1_create, .revision = "race0001", .description = "create side_effects and accounts",
                      .up = "CREATE TABLE side_effects (revision TEXT NOT NULL, pid INTEGER);"
                            "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                            "INSERT INTO side_effects (revision) VALUES ('race0001');",
                      .down = "DROP TABLE accounts; DROP TABLE side_effects;");

MIGRATE_CODE_MIGRATION(r2_slow_fill, .revision = "race0002", .revises = {"race0001"},
                       .description = "fill event_log with 50k rows (slow)") {
  static void upgrade(migrate::sqlite::session& db) {
    db.execute_script("CREATE TABLE event_log (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
    db.execute_script(
        "INSERT INTO event_log (payload) "
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 50000) "
        "SELECT printf('event %d %s', x, hex(randomblob(16))) FROM n");
    record_execution(db, "race0002");
  }
  static void downgrade(migrate::sqlite::session& db) { db.execute_script("DROP TABLE event_log"); }
};

MIGRATE_SQL_MIGRATION(r3_add_email, .revision = "race0003", .revises = {"race0002"},
                      .description = "add accounts.email",
                      .up = "ALTER TABLE accounts ADD COLUMN email TEXT;"
                            "INSERT INTO side_effects (revision) VALUES ('race0003');",
                      .down = "ALTER TABLE accounts DROP COLUMN email;");

MIGRATE_SQL_MIGRATION(r4_slow_totals, .revision = "race0004", .revises = {"race0003"},
                      .description = "index event_log and build totals (slow)",
                      .up = "CREATE INDEX event_log_payload ON event_log (payload);"
                            "CREATE TABLE totals (bucket INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
                            "INSERT INTO totals (bucket, n) "
                            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 50000) "
                            "SELECT x, x * 7 FROM n;"
                            "INSERT INTO side_effects (revision) VALUES ('race0004');",
                      .down = "DROP TABLE totals; DROP INDEX event_log_payload;");

MIGRATE_CODE_MIGRATION(r5_seed, .revision = "race0005", .revises = {"race0004"}, .description = "seed accounts") {
  static void upgrade(migrate::sqlite::session& db) {
    db.execute("INSERT INTO accounts (name, email) VALUES (?1, ?2)", "alice", "alice@example.org");
    db.execute("INSERT INTO accounts (name, email) VALUES (?1, ?2)", "bob", "bob@example.org");
    record_execution(db, "race0005");
  }
  static void downgrade(migrate::sqlite::session& db) { db.execute_script("DELETE FROM accounts"); }
};

// Declared out of order on purpose: the registry sorts them.
using registry = migrate::registry<r5_seed, r3_add_email, r1_create, r4_slow_totals, r2_slow_fill>;

}  // namespace race

// ---------------------------------------------------------------------------------------------------------------
// The kill chains: two quick migrations, then a slow one that signals its start and keeps inserting rows, so a
// test can SIGKILL the runner in the middle of it.
//
// Environment read by the slow migrations (set only for worker processes, never in the test process):
//   MIGRATE_TEST_SIGNAL_FD  file descriptor to write one byte to once the slow body has started
//   MIGRATE_TEST_SLOW_MS    keep inserting for this long (default: insert 1000 rows and finish)
// ---------------------------------------------------------------------------------------------------------------
namespace kill {

/// Signals "started" and fills `table` with rows, slowly when MIGRATE_TEST_SLOW_MS is set.
inline void slow_fill(migrate::sqlite::session& db, std::string_view table) {
  if (const char* fd = std::getenv("MIGRATE_TEST_SIGNAL_FD")) {
    char byte = 's';
    [[maybe_unused]] auto ignored = ::write(std::atoi(fd), &byte, 1);
  }
  long slow_ms = 0;
  if (const char* ms = std::getenv("MIGRATE_TEST_SLOW_MS")) slow_ms = std::atol(ms);
  auto insert = db.prepare("INSERT INTO " + std::string(table) + " (payload) VALUES (?1)");
  auto started = std::chrono::steady_clock::now();
  // Outside the store's transaction (an `.in_transaction = false` step) each batch commits on its own, as a real
  // batched backfill would; inside one, the batches are part of the step's transaction.
  const bool own_batches = !db.in_transaction();
  for (std::int64_t batch = 0;; ++batch) {
    if (own_batches) db.execute_script("BEGIN");
    for (int i = 0; i < 200; ++i) {
      insert.reset();
      insert.bind(1, "payload " + std::to_string(batch * 200 + i)).run();
    }
    if (own_batches) db.execute_script("COMMIT");
    if (slow_ms <= 0) {
      if (batch >= 4) break;  // 1000 rows: the quick, finishing version
      continue;
    }
    if (std::chrono::steady_clock::now() - started > std::chrono::milliseconds(slow_ms))
      throw std::runtime_error("slow_fill: nobody killed this runner in time");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

MIGRATE_SQL_MIGRATION(k1_users, .revision = "kill0001", .description = "create k_users",
                      .up = "CREATE TABLE side_effects (revision TEXT NOT NULL, pid INTEGER);"
                            "CREATE TABLE k_users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                            "INSERT INTO side_effects (revision) VALUES ('kill0001');",
                      .down = "DROP TABLE k_users; DROP TABLE side_effects;");

MIGRATE_CODE_MIGRATION(k2_seed, .revision = "kill0002", .revises = {"kill0001"}, .description = "seed k_users") {
  static void upgrade(migrate::sqlite::session& db) {
    db.execute_script("INSERT INTO k_users (name) VALUES ('alice'), ('bob')");
    record_execution(db, "kill0002");
  }
  static void downgrade(migrate::sqlite::session& db) { db.execute_script("DELETE FROM k_users"); }
};

/// Transactional and slow: a kill -9 in here must roll back completely.
MIGRATE_CODE_MIGRATION(k3_slow, .revision = "kill0003", .revises = {"kill0002"},
                       .description = "fill k_big (slow, transactional)") {
  static void upgrade(migrate::sqlite::session& db) {
    db.execute_script("CREATE TABLE k_big (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
    record_execution(db, "kill0003");
    slow_fill(db, "k_big");
  }
  static void downgrade(migrate::sqlite::session& db) { db.execute_script("DROP TABLE k_big"); }
};

MIGRATE_SQL_MIGRATION(k4_index, .revision = "kill0004", .revises = {"kill0003"}, .description = "index k_big",
                      .up = "CREATE INDEX k_big_payload ON k_big (payload);"
                            "INSERT INTO side_effects (revision) VALUES ('kill0004');",
                      .down = "DROP INDEX k_big_payload;");

/// Outside a transaction and slow: a kill -9 in here leaves the dirty marker behind.
MIGRATE_CODE_MIGRATION(d3_slow, .revision = "dirty0003", .revises = {"kill0002"},
                       .description = "fill d_big (slow, outside a transaction)", .in_transaction = false) {
  static void upgrade(migrate::sqlite::session& db) {
    db.execute_script("CREATE TABLE d_big (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
    slow_fill(db, "d_big");
    record_execution(db, "dirty0003");
  }
  static void downgrade(migrate::sqlite::session& db) { db.execute_script("DROP TABLE d_big"); }
};

using registry = migrate::registry<k1_users, k2_seed, k3_slow, k4_index>;
using dirty_registry = migrate::registry<k1_users, k2_seed, d3_slow>;

}  // namespace kill

using migrate_test::child_process;
using migrate_test::field;
using migrate_test::pipe_pair;
using migrate_test::read_all;
using migrate_test::read_line;
using migrate_test::spawn_worker;
using migrate_test::wait_for;
using scratch_dir = migrate_test::temp_dir;

}  // namespace concurrency_test
