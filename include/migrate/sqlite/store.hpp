// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::sqlite::store`: migrations and their state in one SQLite database file.

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <migrate/core/dialect.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/events.hpp>
#include <migrate/core/migration_info.hpp>
#include <migrate/core/state.hpp>
#include <migrate/core/store.hpp>
#include <migrate/sql/recorder.hpp>
#include <migrate/sqlite/detail/file_lock.hpp>
#include <migrate/sqlite/error.hpp>
#include <migrate/sqlite/session.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::sqlite {

/// How the SQLite store behaves.
struct options {
  std::string state_table = "migrate_versions";                       ///< table recording applied migrations
  std::chrono::milliseconds busy_timeout{std::chrono::seconds(10)};   ///< SQLite's wait on a locked database
  std::chrono::milliseconds lock_timeout{std::chrono::minutes(10)};   ///< wait for another migrate run
  bool wal = true;                                                    ///< switch the database to WAL mode
  bool foreign_keys = true;                                           ///< PRAGMA foreign_keys = ON
  /// In WAL mode, commit a run's steps with `synchronous = NORMAL` (no fsync per step) and fsync the WAL once when
  /// the run ends: each step stays atomic with its state row; a power cut during the run may lose its last steps,
  /// which then run again. false keeps the connection's setting (FULL by default: an fsync per step).
  bool sync_once_per_run = true;
  std::string backup_path{};  ///< when set, the database is copied here before a run changes anything
};

// BEGIN IMMEDIATE takes the write lock up front, so a step never fails half-way on a lock upgrade.
inline constexpr sql::dialect sqlite_dialect{
    .table_exists = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
    .sequence_column = "INTEGER PRIMARY KEY AUTOINCREMENT",
    .begin = "BEGIN IMMEDIATE",
    .list_tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                   "ORDER BY name",
    .column_exists = "SELECT 1 FROM pragma_table_info($1) WHERE name = $2",
};

/// A SQLite database file (or ":memory:") holding both the application's schema and the migration state.
/// State, steps and whole-run transactions come from `sql::recorder`; this class opens, locks and backs up.
class store : public sql::recorder<sqlite::session> {
 public:
  using session_type = sqlite::session;
  /// Runs the `.sqlite` SQL of migrations that give one (core/dialect.hpp).
  static constexpr migrate::dialect sql_dialect = migrate::dialect::sqlite;

  // The recorder only keeps a reference to `session_` until the body below has opened the connection.
  explicit store(std::string path, options opts = {})
      : recorder(session_, opts.state_table, sqlite_dialect), path_(std::move(path)), options_(std::move(opts)) {
    int rc = sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      throw error(rc, fmt::format("cannot open SQLite database {}: {}", path_, message));
    }
    session_ = sqlite::session(db_);
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, static_cast<int>(options_.busy_timeout.count()));
    if (options_.foreign_keys) sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_FKEY, 1, nullptr);
  }
  store(const store&) = delete;
  store& operator=(const store&) = delete;
  ~store() { sqlite3_close_v2(db_); }

  /// "sqlite:<path>".
  std::string describe() const { return "sqlite:" + path_; }
  const std::string& path() const noexcept { return path_; }
  /// The connection, for application code and code migrations.
  session_type& session() noexcept { return session_; }

  /// Excludes other processes and threads migrating this database until the guard is destroyed.
  /// What `lock()` returns: the cross-process lock, and the run's commit mode, restored (WAL fsynced) on release.
  class run_guard {
   public:
    run_guard() = default;
    run_guard(detail::file_lock lock, store* relaxed) : lock_(std::move(lock)), relaxed_(relaxed) {}
    run_guard(run_guard&& other) noexcept
        : lock_(std::move(other.lock_)), relaxed_(std::exchange(other.relaxed_, nullptr)) {}
    run_guard& operator=(run_guard&& other) noexcept {
      release();
      lock_ = std::move(other.lock_);
      relaxed_ = std::exchange(other.relaxed_, nullptr);
      return *this;
    }
    ~run_guard() { release(); }
    /// True while the cross-process lock is held (false for in-memory databases, which need none).
    bool held() const noexcept { return lock_.held(); }

   private:
    void release() noexcept {
      // Before the lock goes, so that the next runner finds every step this run committed on disk.
      if (relaxed_) std::exchange(relaxed_, nullptr)->end_relaxed_run();
      lock_ = detail::file_lock();
    }
    detail::file_lock lock_;
    store* relaxed_ = nullptr;
  };

  /// Excludes other processes and threads migrating this database until the guard is destroyed. Returns a guard
  /// holding nothing when `still_needed`, asked when the lock is free after a wait, says so
  /// (`detail::rechecking_lock_store`).
  [[nodiscard]] run_guard lock(const events& sinks, const migrate::detail::still_needed_check& still_needed = {}) {
    // Named after the file SQLite really opened (URI filename parsed, path made absolute, symlinks followed), so
    // every runner of one database meets at the same lock file however it spells the path.
    const char* file = sqlite3_db_filename(db_, "main");
    if (!file || !*file) return {};  // in-memory or temporary: private to this connection
    auto guard = detail::file_lock::acquire(std::string(file) + "-migrate.lock", options_.lock_timeout, sinks,
                                            describe(), still_needed);
    if (!guard.held()) return {};
    if (options_.wal && !wal_set_) {
      wal_ = session_.query_value<std::string>("PRAGMA journal_mode = WAL").value_or("") == "wal";
      wal_set_ = true;
    }
    return run_guard(std::move(guard), this);
  }


  /// Takes the backup `options::backup_path` asks for; the migrator calls it once before a run changes anything.
  void prepare_for_changes() {
    if (!options_.backup_path.empty()) backup_to(options_.backup_path);
    // Only a run that changes something relaxes its commits, so a start with nothing to do costs no PRAGMA.
    if (options_.sync_once_per_run && wal_ && !relaxed_) {
      saved_synchronous_ = session_.query_value<std::int64_t>("PRAGMA synchronous").value_or(2);
      if (saved_synchronous_ > 1) session_.execute_script("PRAGMA synchronous = NORMAL");
      relaxed_ = true;
    }
  }

  /// Runs step `m`; one that rebuilds tables (`migration_info::rebuilds_tables`) runs with foreign key enforcement
  /// off, as SQLite's ALTER TABLE guide asks (dropping the old table must neither delete nor refuse the rows of other
  /// tables that reference it), and every foreign key is checked before the step commits.
  void apply(const migration_info& m, const applied_migration& record, const step_body<session_type>& body) {
    if (!m.rebuilds_tables) return recorder::apply(m, record, body);
    foreign_keys_off off(*this, m);
    recorder::apply(m, record, off.checked(body));
  }
  /// Reverts step `m`, with the same care as `apply` for a step that rebuilds tables.
  void revert(const migration_info& m, const step_body<session_type>& body) {
    if (!m.rebuilds_tables) return recorder::revert(m, body);
    foreign_keys_off off(*this, m);
    recorder::revert(m, off.checked(body));
  }
  /// Told by the migrator that a single-transaction run will rebuild tables: foreign keys are then off for the
  /// whole run (SQLite cannot switch them inside a transaction) and checked before it commits.
  void expect_table_rebuilds() { rebuilds_expected_ = true; }
  void begin_run_transaction() {
    run_without_foreign_keys_ = std::exchange(rebuilds_expected_, false) && switch_foreign_keys_off();
    recorder::begin_run_transaction();
  }
  void commit_run_transaction() {
    if (run_without_foreign_keys_) check_foreign_keys();
    recorder::commit_run_transaction();
    restore_foreign_keys();
  }
  void rollback_run_transaction() {
    recorder::rollback_run_transaction();
    restore_foreign_keys();
  }

  /// Copies the whole database to `file` with SQLite's online backup API.
  void backup_to(const std::string& file) { copy_database(db_, file, true); }
  /// Replaces the whole database with the copy in `file`.
  void restore_from(const std::string& file) { copy_database(db_, file, false); }

 private:
  bool foreign_keys_on() { return session_.query_value<std::int64_t>("PRAGMA foreign_keys").value_or(0) != 0; }
  // PRAGMA foreign_key_check lists each row whose key has no parent; the step fails on the first, naming it by
  // table and rowid only (a row's values may be patient data).
  void check_foreign_keys() {
    std::string found;
    session_.for_each_row("PRAGMA foreign_key_check", [&](const row_view& row) {
      if (found.empty())
        found = fmt::format("a row of {} (rowid {}) references a row of {} that does not exist", row.text(0),
                            row.int64(1), row.text(2));
    });
    if (!found.empty())
      throw error(SQLITE_CONSTRAINT_FOREIGNKEY, "foreign key check failed after rebuilding tables: " + found);
  }
  // Switches enforcement off when it is on (SQLite ignores this inside a transaction); true when it did.
  bool switch_foreign_keys_off() {
    if (!foreign_keys_on()) return false;
    session_.execute_script("PRAGMA foreign_keys = OFF");
    return true;
  }
  void switch_foreign_keys_on() noexcept {
    try {
      session_.execute_script("PRAGMA foreign_keys = ON");
    } catch (...) {
    }
  }
  void restore_foreign_keys() noexcept {
    if (std::exchange(run_without_foreign_keys_, false)) switch_foreign_keys_on();
  }
  // Foreign keys off for one step outside a whole-run transaction (inside one, the run switched them already).
  class foreign_keys_off {
   public:
    foreign_keys_off(store& s, const migration_info& m) : store_(s) {
      if (!s.in_run_transaction()) {
        switched_ = s.switch_foreign_keys_off();
      } else if (!s.run_without_foreign_keys_ && s.foreign_keys_on()) {
        throw error(SQLITE_MISUSE, fmt::format("migration {} rebuilds tables, which needs foreign keys off, and SQLite "
                                               "cannot switch them inside the open transaction",
                                               m.revision));
      }
    }
    foreign_keys_off(const foreign_keys_off&) = delete;
    foreign_keys_off& operator=(const foreign_keys_off&) = delete;
    ~foreign_keys_off() {
      if (switched_) store_.switch_foreign_keys_on();
    }
    /// `body`, then the foreign key check, inside the step's transaction (in a whole run too, so that the step is
    /// named; the run checks again before it commits, for what other steps did meanwhile).
    step_body<session_type> checked(const step_body<session_type>& body) const {
      return [this, &body](session_type& s) {
        body(s);
        if (switched_ || store_.run_without_foreign_keys_) store_.check_foreign_keys();
      };
    }

   private:
    store& store_;
    bool switched_ = false;
  };

  // A backup is as sensitive as the database: create it with the source file's permission bits (a 0600 database
  // must not gain a world-readable copy through the umask).
  static void match_permissions(sqlite3* db, const std::string& file) {
    const char* source = sqlite3_db_filename(db, "main");
    struct ::stat info {};
    if (!source || !*source || ::stat(source, &info) != 0) return;
    auto mode = static_cast<::mode_t>(info.st_mode & 0777);
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, mode);
    if (fd < 0)
      throw error(SQLITE_CANTOPEN, fmt::format("cannot create backup file {}: {}", file, std::strerror(errno)));
    int rc = ::fchmod(fd, mode);
    int saved = errno;
    ::close(fd);
    if (rc != 0)
      throw error(SQLITE_CANTOPEN, fmt::format("cannot set the permissions of backup file {}: {}", file,
                                               std::strerror(saved)));
  }

  static void copy_database(sqlite3* db, const std::string& file, bool to_file) {
    if (to_file) match_permissions(db, file);
    sqlite3* other = nullptr;
    int flags = to_file ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    int rc = sqlite3_open_v2(file.c_str(), &other, flags, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_close(other);
      throw error(rc, fmt::format("cannot open backup file {}: {}", file, sqlite3_errstr(rc)));
    }
    sqlite3* destination = to_file ? other : db;
    sqlite3* source = to_file ? db : other;
    sqlite3_backup* backup = sqlite3_backup_init(destination, "main", source, "main");
    if (!backup) {
      std::string message = sqlite3_errmsg(destination);
      sqlite3_close(other);
      throw error(SQLITE_ERROR, fmt::format("cannot {} {}: {}", to_file ? "back up to" : "restore from", file,
                                            message));
    }
    rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    sqlite3_close(other);
    if (rc != SQLITE_DONE)
      throw error(rc, fmt::format("cannot {} {}: {}", to_file ? "back up to" : "restore from", file,
                                  sqlite3_errstr(rc)));
  }

  // Restores the connection's synchronous setting and makes every step the run committed durable: in WAL mode a
  // commit is a write() to <db>-wal, so one fsync of that file covers them all.
  void end_relaxed_run() noexcept {
    if (!std::exchange(relaxed_, false)) return;
    try {
      if (saved_synchronous_ > 1)
        session_.execute_script(fmt::format("PRAGMA synchronous = {}", saved_synchronous_));
    } catch (...) {
    }
    if (const char* file = sqlite3_db_filename(db_, "main"); file && *file) {
      int fd = ::open((std::string(file) + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
      if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
      }
    }
  }

  std::string path_;
  options options_;
  std::int64_t saved_synchronous_ = 2;  // what prepare_for_changes found (2 = FULL, SQLite's default)
  bool wal_ = false;                    // the database is in WAL mode (set by lock())
  bool relaxed_ = false;                // this run commits with synchronous = NORMAL
  sqlite3* db_ = nullptr;
  sqlite::session session_{nullptr};
  bool wal_set_ = false;
  bool rebuilds_expected_ = false;         // expect_table_rebuilds() was called for the coming run transaction
  bool run_without_foreign_keys_ = false;  // the open run transaction switched foreign keys off
};

static_assert(migrate::sql_store<store> && migrate::run_transaction_store<store> && migrate::preparing_store<store>);

}  // namespace migrate::sqlite
