#pragma once
/// `migrate::sqlite::store`: migrations and their state in one SQLite database file.

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <sqlite3.h>

#include <migrate/core/errors.hpp>
#include <migrate/core/events.hpp>
#include <migrate/core/migration_info.hpp>
#include <migrate/core/state.hpp>
#include <migrate/core/store.hpp>
#include <migrate/sqlite/detail/file_lock.hpp>
#include <migrate/sqlite/error.hpp>
#include <migrate/sqlite/session.hpp>

namespace migrate::sqlite {

/// How the SQLite store behaves.
struct options {
  std::string state_table = "migrate_versions";                       ///< table recording applied migrations
  std::chrono::milliseconds busy_timeout{std::chrono::seconds(10)};   ///< SQLite's wait on a locked database
  std::chrono::milliseconds lock_timeout{std::chrono::minutes(10)};   ///< wait for another migrate run
  bool wal = true;                                                    ///< switch the database to WAL mode
  bool foreign_keys = true;                                           ///< PRAGMA foreign_keys = ON
  std::string backup_path;  ///< when set, the database is copied here before a run changes anything
};

/// A SQLite database file (or ":memory:") holding both the application's schema and the migration state.
class store {
 public:
  using session_type = sqlite::session;

  explicit store(std::string path, options opts = {}) : path_(std::move(path)), options_(std::move(opts)) {
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
  [[nodiscard]] detail::file_lock lock(const events& sinks) {
    backed_up_ = false;
    if (in_memory()) return {};
    auto guard = detail::file_lock::acquire(path_ + "-migrate.lock", options_.lock_timeout, sinks, describe());
    if (options_.wal && !wal_set_) {
      session_.execute_script("PRAGMA journal_mode = WAL");
      wal_set_ = true;
    }
    return guard;
  }

  std::vector<applied_migration> load_state() {
    std::vector<applied_migration> rows;
    if (!state_table_exists()) return rows;
    auto stmt = session_.prepare(fmt::format(
        "SELECT revision, description, checksum, applied_at, execution_ms, in_progress FROM {} ORDER BY seq",
        quoted_table()));
    while (stmt.step())
      rows.push_back({stmt.column_text(0), stmt.column_text(1), stmt.column_text(2), stmt.column_text(3),
                      stmt.column_int64(4), stmt.column_int64(5) != 0});
    return rows;
  }

  void apply(const migration_info& m, const applied_migration& record, const step_body<session_type>& body) {
    back_up_once();
    if (m.in_transaction) {
      transaction tx(*this);
      ensure_state_table();
      auto took = timed(body);
      insert(record, took, false);
      tx.commit();
    } else {
      require_no_run_transaction(m);
      ensure_state_table();
      insert(record, 0, true);
      auto took = timed(body);
      session_.execute(fmt::format("UPDATE {} SET in_progress = 0, execution_ms = ?1 WHERE revision = ?2",
                                   quoted_table()),
                       took, record.revision);
    }
  }

  void revert(const migration_info& m, const step_body<session_type>& body) {
    back_up_once();
    auto remove = fmt::format("DELETE FROM {} WHERE revision = ?1", quoted_table());
    if (m.in_transaction) {
      transaction tx(*this);
      timed(body);
      session_.execute(remove, m.revision);
      tx.commit();
    } else {
      require_no_run_transaction(m);
      session_.execute(fmt::format("UPDATE {} SET in_progress = 1 WHERE revision = ?1", quoted_table()), m.revision);
      timed(body);
      session_.execute(remove, m.revision);
    }
  }

  void replace_state(std::vector<applied_migration> rows) {
    back_up_once();
    transaction tx(*this);
    ensure_state_table();
    session_.execute(fmt::format("DELETE FROM {}", quoted_table()));
    for (const auto& row : rows) insert(row, row.execution_ms, row.in_progress);
    tx.commit();
  }

  void begin_run_transaction() {
    back_up_once();
    session_.execute_script("BEGIN IMMEDIATE");
    in_run_transaction_ = true;
  }
  void commit_run_transaction() {
    session_.execute_script("COMMIT");
    in_run_transaction_ = false;
  }
  void rollback_run_transaction() {
    in_run_transaction_ = false;
    if (!sqlite3_get_autocommit(db_)) session_.execute_script("ROLLBACK");
  }

  /// Copies the whole database to `file` with SQLite's online backup API.
  void backup_to(const std::string& file) { copy_database(db_, file, true); }
  /// Replaces the whole database with the copy in `file`.
  void restore_from(const std::string& file) { copy_database(db_, file, false); }

 private:
  // BEGIN IMMEDIATE takes the write lock up front, so a step never fails half-way on a lock upgrade;
  // inside a whole-run transaction a savepoint nests instead.
  class transaction {
   public:
    explicit transaction(store& owner) : owner_(owner) {
      owner_.session_.execute_script(owner_.in_run_transaction_ ? "SAVEPOINT migrate_step" : "BEGIN IMMEDIATE");
    }
    void commit() {
      owner_.session_.execute_script(owner_.in_run_transaction_ ? "RELEASE migrate_step" : "COMMIT");
      done_ = true;
    }
    ~transaction() {
      if (done_ || sqlite3_get_autocommit(owner_.db_)) return;
      // Rolling back can itself fail (e.g. on I/O errors); the original exception is the one to report.
      try {
        owner_.session_.execute_script(owner_.in_run_transaction_ ? "ROLLBACK TO migrate_step; RELEASE migrate_step"
                                                                  : "ROLLBACK");
      } catch (const std::exception&) {
      }
    }

   private:
    store& owner_;
    bool done_ = false;
  };

  bool in_memory() const { return path_.empty() || path_ == ":memory:" || path_.starts_with("file::memory:"); }

  std::string quoted_table() const {
    std::string quoted = "\"";
    for (char c : options_.state_table) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + '"';
  }
  bool state_table_exists() {
    return session_.query_value<std::int64_t>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                                              options_.state_table)
        .has_value();
  }
  void ensure_state_table() {
    session_.execute_script(fmt::format(
        "CREATE TABLE IF NOT EXISTS {} ("
        "seq INTEGER PRIMARY KEY AUTOINCREMENT, "
        "revision TEXT NOT NULL UNIQUE, "
        "description TEXT NOT NULL, "
        "checksum TEXT NOT NULL DEFAULT '', "
        "applied_at TEXT NOT NULL, "
        "execution_ms INTEGER NOT NULL DEFAULT 0, "
        "in_progress INTEGER NOT NULL DEFAULT 0)",
        quoted_table()));
  }
  void insert(const applied_migration& row, std::int64_t execution_ms, bool in_progress) {
    session_.execute(fmt::format("INSERT INTO {} (revision, description, checksum, applied_at, execution_ms, "
                                 "in_progress) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                 quoted_table()),
                     row.revision, row.description, row.checksum, row.applied_at, execution_ms,
                     static_cast<std::int64_t>(in_progress));
  }
  std::int64_t timed(const step_body<session_type>& body) {
    auto started = std::chrono::steady_clock::now();
    body(session_);
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  }
  void require_no_run_transaction(const migration_info& m) const {
    if (in_run_transaction_)
      throw migrate::error(errc::invalid_target,
                           fmt::format("migration {} must run outside a transaction, but a single-transaction run is "
                                       "open",
                                       m.revision));
  }
  void back_up_once() {
    if (options_.backup_path.empty() || backed_up_) return;
    backup_to(options_.backup_path);
    backed_up_ = true;
  }
  static void copy_database(sqlite3* db, const std::string& file, bool to_file) {
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

  std::string path_;
  options options_;
  sqlite3* db_ = nullptr;
  sqlite::session session_{nullptr};
  bool wal_set_ = false;
  bool in_run_transaction_ = false;
  bool backed_up_ = false;
};

static_assert(migrate::sql_store<store> && migrate::run_transaction_store<store>);

}  // namespace migrate::sqlite
