#pragma once
/// `migrate::postgres::store`: migrations and their state in a PostgreSQL database, via libpq.

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <libpq-fe.h>

#include <migrate/core/checksum.hpp>
#include <migrate/core/database_url.hpp>
#include <migrate/core/detail/lock_wait.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/events.hpp>
#include <migrate/core/store.hpp>
#include <migrate/postgres/error.hpp>
#include <migrate/postgres/session.hpp>
#include <migrate/sql/recorder.hpp>

namespace migrate::postgres {

/// How the PostgreSQL store behaves.
struct options {
  std::string state_table = "migrate_versions";                      ///< in the connection's current schema
  std::chrono::milliseconds lock_timeout{std::chrono::minutes(10)};  ///< wait for another migrate run
};

inline constexpr sql::dialect postgres_dialect{
    .table_exists =
        "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1",
    .sequence_column = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    .begin = "BEGIN",
};

/// A PostgreSQL database; PostgreSQL's transactional DDL makes every step atomic.
/// State, steps and whole-run transactions come from `sql::recorder`; this class connects, locks and names.
class store : public sql::recorder<postgres::session> {
 public:
  using session_type = postgres::session;

  /// Holds a session-level advisory lock; the server drops it if this process dies.
  class run_lock {
   public:
    run_lock(session_type& s, std::int64_t key) : session_(&s), key_(key) {}
    run_lock(run_lock&& other) noexcept : session_(std::exchange(other.session_, nullptr)), key_(other.key_) {}
    run_lock& operator=(run_lock&&) = delete;
    ~run_lock() {
      if (!session_) return;
      try {
        session_->execute("SELECT pg_advisory_unlock($1)", key_);
      } catch (const std::exception&) {
        // The connection is gone, and with it the lock.
      }
    }

   private:
    session_type* session_;
    std::int64_t key_;
  };

  /// Connects to `url` (`postgresql://user:password@host:port/db?...` or a libpq key=value string).
  explicit store(std::string url, options opts = {})
      : recorder(session_, opts.state_table, postgres_dialect),
        name_(migrate::redact_url(url)),
        options_(std::move(opts)),
        connection_(PQconnectdb(url.c_str())) {
    if (PQstatus(connection_) != CONNECTION_OK) {
      std::string message = PQerrorMessage(connection_);
      PQfinish(connection_);
      while (!message.empty() && message.back() == '\n') message.pop_back();
      // libpq's message names host and user, never the password.
      throw error("", fmt::format("cannot connect to {}: {}", name_, message));
    }
    // Notices such as "relation already exists, skipping" are not errors; keep them off stderr.
    PQsetNoticeProcessor(connection_, [](void*, const char*) {}, nullptr);
    session_ = session_type(connection_);
  }
  store(const store&) = delete;
  store& operator=(const store&) = delete;
  ~store() { PQfinish(connection_); }

  /// The URL with its password hidden.
  std::string describe() const { return name_; }
  /// The connection, for application code and code migrations.
  session_type& session() noexcept { return session_; }

  [[nodiscard]] run_lock lock(const events& sinks) {
    auto key = static_cast<std::int64_t>(sql_checksum("migrate lock " + options_.state_table));
    migrate::detail::wait_for_lock(
        [&] { return session_.query_value<bool>("SELECT pg_try_advisory_lock($1)", key).value_or(false); },
        options_.lock_timeout, sinks, name_, fmt::format("on {}", name_));
    return run_lock(session_, key);
  }


 private:
  std::string name_;
  options options_;
  PGconn* connection_;
  session_type session_{nullptr};
};

static_assert(migrate::sql_store<store> && migrate::run_transaction_store<store>);

}  // namespace migrate::postgres
