#pragma once
// Migrations shared by the multi-process tests (race_test, kill_test) and their worker executables, plus the
// small POSIX process helpers those tests use to spawn, synchronise and reap workers.
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

// ---------------------------------------------------------------------------------------------------------------
// Test-process helpers.
// ---------------------------------------------------------------------------------------------------------------

/// A temporary directory removed with everything in it.
class scratch_dir {
 public:
  scratch_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "migrate-concurrency-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  ~scratch_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string operator/(std::string_view name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// Both ends of a pipe, close-on-exec (a child gets an end only by an explicit dup2 onto 0 or 1).
struct pipe_pair {
  int read = -1, write = -1;
  pipe_pair() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    read = fds[0];
    write = fds[1];
  }
  pipe_pair(const pipe_pair&) = delete;
  pipe_pair& operator=(const pipe_pair&) = delete;
  ~pipe_pair() {
    close_read();
    close_write();
  }
  void close_read() {
    if (read >= 0) ::close(std::exchange(read, -1));
  }
  void close_write() {
    if (write >= 0) ::close(std::exchange(write, -1));
  }
};

/// A spawned worker: its pid and the read end of a pipe carrying its stdout.
struct child_process {
  pid_t pid = -1;
  int out = -1;
};

/// Spawns `exe args...` with stdout to a fresh pipe, stdin from `stdin_fd` (or inherited when -1),
/// stderr inherited, and `extra_env` ("NAME=value") appended to the environment.
inline child_process spawn_worker(const std::string& exe, const std::vector<std::string>& args, int stdin_fd = -1,
                                  const std::vector<std::string>& extra_env = {}) {
  pipe_pair out;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdin_fd >= 0) posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write, 1);

  std::vector<std::string> argv_text{exe};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::vector<std::string> env_text;
  for (char** e = environ; *e; ++e) env_text.emplace_back(*e);
  env_text.insert(env_text.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> envp;
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn " + exe + " failed: " + std::to_string(rc));
  out.close_write();
  child_process child{pid, out.read};
  out.read = -1;
  return child;
}

/// Reads up to and including the next '\n' (byte by byte: nothing past the line is consumed); "" on EOF.
inline std::string read_line(int fd) {
  std::string line;
  char c;
  while (true) {
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return line;
    line += c;
    if (c == '\n') return line;
  }
}

/// Reads until EOF.
inline std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

/// Waits for `pid` and returns its wait status.
inline int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

/// "NAME value" lines to the value of NAME, or -1 when absent.
inline long field(const std::string& output, std::string_view name) {
  std::string key = std::string(name) + ' ';
  for (std::size_t pos = 0; pos < output.size();) {
    auto end = output.find('\n', pos);
    if (end == std::string::npos) end = output.size();
    std::string_view line(output.data() + pos, end - pos);
    if (line.starts_with(key)) return std::atol(std::string(line.substr(key.size())).c_str());
    pos = end + 1;
  }
  return -1;
}

}  // namespace concurrency_test
