// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::postgres::store`: migrations and their state in a PostgreSQL database, via libpq.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <libpq-fe.h>

#include <migrate/core/checksum.hpp>
#include <migrate/core/database_url.hpp>
#include <migrate/core/detail/lock_wait.hpp>
#include <migrate/core/dialect.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/events.hpp>
#include <migrate/core/store.hpp>
#include <migrate/postgres/detail/blocker_watch.hpp>
#include <migrate/postgres/detail/connection.hpp>
#include <migrate/postgres/detail/notification.hpp>
#include <migrate/postgres/error.hpp>
#include <migrate/postgres/session.hpp>
#include <migrate/sql/recorder.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::postgres {

/// How the PostgreSQL store behaves.
struct options {
  std::string state_table = "migrate_versions";                      ///< in the connection's current schema
  std::chrono::milliseconds lock_timeout{std::chrono::minutes(10)};  ///< wait for another migrate run
  /// Bound on connecting; the URL's `connect_timeout=` wins; unset: `PGCONNECT_TIMEOUT`, else 10 s.
  std::optional<std::chrono::seconds> connect_timeout{};
  /// How long a statement of a step waits for a lock; unset: the session's own non-zero `lock_timeout`, else 5 s.
  std::optional<std::chrono::milliseconds> step_lock_timeout{};
  int lock_retries = 3;                                 ///< further tries of a transactional step after a lock timeout
  std::chrono::milliseconds lock_retry_backoff{500};    ///< pause before the first retry; doubles each time
};

/// Used when neither `options::step_lock_timeout` nor the session (URL `options=-c lock_timeout=...`,
/// `PGOPTIONS`, `ALTER ROLE/DATABASE ... SET lock_timeout`) sets one.
inline constexpr std::chrono::milliseconds default_step_lock_timeout{5000};

inline constexpr sql::dialect postgres_dialect{
    .table_exists =
        "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1",
    .sequence_column = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    .begin = "BEGIN",
    .list_tables = "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() "
                   "AND table_type = 'BASE TABLE' ORDER BY 1",
    .column_exists = "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                     "AND table_name = $1 AND column_name = $2",
    // SET LOCAL ends with the transaction, so a COMMIT; BEGIN inside a step leaves a transaction without it.
    .run_marker = "SET LOCAL migrate.run_transaction = 'on'",
    .run_marker_set = "current_setting('migrate.run_transaction', true) = 'on'",
};

/// A PostgreSQL database; PostgreSQL's transactional DDL makes every step atomic.
/// State, steps and whole-run transactions come from `sql::recorder`; this class connects, locks and names.
class store : public sql::recorder<postgres::session> {
 public:
  using session_type = postgres::session;
  /// Runs the `.postgresql` SQL of migrations that give one (core/dialect.hpp).
  static constexpr migrate::dialect sql_dialect = migrate::dialect::postgresql;

  /// Holds a session-level advisory lock for a run; releasing it restores the session's own `lock_timeout` (if a
  /// step set the run's) and wakes waiting runners (NOTIFY). The server drops the lock if this process dies.
  class run_lock {
   public:
    explicit run_lock(store& owner) : owner_(&owner) {}
    run_lock(run_lock&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    run_lock& operator=(run_lock&&) = delete;
    ~run_lock() {
      if (!owner_) return;
      try {
        // One round trip: restore, unlock, then NOTIFY, delivered when this implicit transaction commits.
        owner_->session_.execute_script(
            fmt::format("{}SELECT pg_advisory_unlock({}); NOTIFY {}",
                        owner_->step_lock_timeout_set_ ? *owner_->session_restore_ + "; " : std::string(),
                        owner_->lock_key(), owner_->lock_channel()));
      } catch (const std::exception&) {
        // The connection is gone, and with it the lock and the setting.
      }
      owner_->step_lock_timeout_set_ = false;
    }

   private:
    store* owner_;
  };

  /// Connects to `url` (`postgresql://user:password@host:port/db?...` or a libpq key=value string).
  /// A server that never answers fails after the connect timeout (see `options::connect_timeout`).
  explicit store(std::string url, options opts = {})
      : recorder(session_, opts.state_table, postgres_dialect),
        name_(migrate::redact_url(for_libpq(url))),
        options_(std::move(opts)),
        params_(for_libpq(std::move(url)), options_.connect_timeout),
        connection_(params_.connect()) {
    // Notices such as "relation already exists, skipping" are not errors; keep them off stderr.
    PQsetNoticeProcessor(connection_, [](void*, const char*) {}, nullptr);
    session_ = session_type(connection_);
  }
  store(const store&) = delete;
  store& operator=(const store&) = delete;
  ~store() { PQfinish(connection_); }

  /// What libpq is handed for `url`: a URL in its canonical form (`POSTGRES+psycopg2://` becomes `postgresql://`,
  /// user-info libpq would misread is percent-encoded; a malformed URL is refused without echoing it); a libpq
  /// key=value string unchanged.
  static std::string for_libpq(std::string url) {
    if (url.find("://") == std::string::npos) return url;
    return database_url::parse(url).libpq_conninfo();
  }

  /// The URL with its password hidden.
  std::string describe() const { return name_; }
  /// The connection, for application code and code migrations.
  session_type& session() noexcept { return session_; }

  /// Excludes other migrate runs for the whole run (waiting up to `options::lock_timeout`). The run's first step sets
  /// `lock_timeout` to `step_lock_timeout` (one `SET` per run, restored when the guard goes); a run with nothing to
  /// do sends no more than the lock, the state read and the unlock.
  [[nodiscard]] run_lock lock(const events& sinks) {
    // Never a blocking pg_advisory_lock: a waiting statement holds a snapshot, and a step running CREATE INDEX
    // CONCURRENTLY waits for every snapshot, the waiter's included: a deadlock. A waiter LISTENs instead, outside any
    // transaction, and tries again when the holder's NOTIFY arrives (or after `lock_poll`, should the holder die).
    bool listening = false;
    migrate::detail::wait_for_lock(
        [&] { return session_.query_value<bool>("SELECT pg_try_advisory_lock($1)", lock_key()).value_or(false); },
        options_.lock_timeout, sinks, name_, fmt::format("on {}", name_), [&](std::chrono::milliseconds left) {
          if (!listening) {  // then try again at once: the holder may have gone before we listened
            session_.execute_script(fmt::format("LISTEN {}", lock_channel()));
            listening = true;
            return;
          }
          detail::wait_for_notification(connection_, std::min(left, lock_poll));
        });
    if (listening) session_.execute_script(fmt::format("UNLISTEN {}", lock_channel()));
    return run_lock(*this);
  }

  /// `sql::recorder::apply` under the step lock timeout, retried after a lock timeout (see `retrying_lock_waits`).
  void apply(const migration_info& m, const applied_migration& record, const step_body<session_type>& body) {
    retrying_lock_waits(m, [&] { recorder::apply(m, record, body); });
  }
  /// `sql::recorder::revert`, likewise.
  void revert(const migration_info& m, const step_body<session_type>& body) {
    retrying_lock_waits(m, [&] { recorder::revert(m, body); });
  }

 private:
  // How often a waiting runner tries the lock without being notified (a holder that died sends no NOTIFY).
  static constexpr std::chrono::milliseconds lock_poll{250};

  std::int64_t lock_key() const { return static_cast<std::int64_t>(sql_checksum("migrate lock " + options_.state_table)); }
  std::string lock_channel() const { return sql::quote_identifier(fmt::format("migrate lock {}", lock_key())); }
  void set_step_lock_timeout() {
    if (step_lock_timeout_set_) return;
    read_session_lock_timeout();  // what the run_lock puts back
    auto timeout = step_lock_timeout();
    session_.execute_script(fmt::format("SET lock_timeout = '{}ms'", timeout.count()));
    step_lock_timeout_set_ = true;
  }

  // Runs a step with `lock_timeout` set, so a step queued behind an application's LOCK TABLE fails instead of
  // waiting forever. A transactional step was rolled back whole, so it is tried again, a bounded number of times
  // with doubling pauses; a step outside a transaction may have done part of its work and is not.
  // In a single-transaction run no step has a savepoint to go back to: a lock timeout rolls the whole run back.
  template <class Step>
  void retrying_lock_waits(const migration_info& m, Step step) {
    set_step_lock_timeout();  // once per run, undone by the run_lock
    auto timeout = step_lock_timeout();
    bool retriable = m.in_transaction && step_can_be_retried();
    int tries = retriable ? 1 + std::max(options_.lock_retries, 0) : 1;
    auto pause = options_.lock_retry_backoff;
    for (int attempt = 1;; ++attempt) {
      auto every = std::clamp(timeout / 8, std::chrono::milliseconds(10), std::chrono::milliseconds(250));
      detail::blocker_watch watch(monitor_, PQbackendPID(connection_), timeout / 4, every);
      try {
        step();
        return;
      } catch (const error& e) {
        auto blockers = watch.finish();
        if (e.sqlstate() != lock_not_available) throw;
        if (attempt < tries) {
          std::this_thread::sleep_for(pause);
          pause *= 2;
          continue;
        }
        throw error(e.sqlstate(),
                    fmt::format("{} (lock_timeout {} ms; {}); it {}", e.what(), timeout.count(),
                                !m.in_transaction ? std::string("not retried: it runs outside a transaction")
                                : !retriable
                                    ? std::string("not retried: a single-transaction run has no per-step savepoint, "
                                                  "so the whole run is rolled back")
                                : tries == 1 ? std::string("tried once, rolled back")
                                             : fmt::format("tried {} times, each rolled back", tries),
                                blockers.empty() ? std::string("was not seen waiting, so its blocker is unknown")
                                                 : "waited for " + blockers));
      }
    }
  }

  std::chrono::milliseconds step_lock_timeout() {
    if (options_.step_lock_timeout) return *options_.step_lock_timeout;
    read_session_lock_timeout();
    return session_lock_timeout_->count() > 0 ? *session_lock_timeout_ : default_step_lock_timeout;
  }
  // The session's own lock_timeout (URL options, PGOPTIONS, role or database settings), read once, before any run
  // sets its own: its value in ms, and the statement that puts it back.
  void read_session_lock_timeout() {
    if (session_lock_timeout_) return;
    std::int64_t ms = 0;
    std::string own = "0";
    session_.for_each_row(
        "SELECT setting::bigint, current_setting('lock_timeout') FROM pg_settings WHERE name = 'lock_timeout'",
        [&](const auto& row) {
          ms = row.int64(0);
          own = row.text(1);
        });
    session_lock_timeout_ = std::chrono::milliseconds(ms);
    session_restore_ = fmt::format("SET lock_timeout = {}", quote_literal(own));
  }

  // Sets a run-time parameter for the session and puts the previous value back when destroyed.

  static constexpr std::string_view lock_not_available = "55P03";
  static std::string quote_literal(std::string_view text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
  }

  std::string name_;
  options options_;
  detail::connection_params params_;
  PGconn* connection_;
  session_type session_{nullptr};
  detail::lock_monitor monitor_{params_};
  std::optional<std::chrono::milliseconds> session_lock_timeout_;
  std::optional<std::string> session_restore_;  // "SET lock_timeout = '<the session's own>'"
  bool step_lock_timeout_set_ = false;          // by this run's first step; the run_lock restores it
};

static_assert(migrate::sql_store<store> && migrate::run_transaction_store<store>);

}  // namespace migrate::postgres
