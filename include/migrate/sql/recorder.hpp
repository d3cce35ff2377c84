#pragma once
/// `migrate::sql::recorder`: the state table and step transactions shared by every SQL store.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <migrate/core/errors.hpp>
#include <migrate/core/migration_info.hpp>
#include <migrate/core/state.hpp>
#include <migrate/core/store.hpp>
#include <migrate/sql/dialect.hpp>

namespace migrate::sql {

/// `name` as a double-quoted SQL identifier.
inline std::string quote_identifier(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + '"';
}

/// A session `recorder` can drive: scripts, parameterised statements, rows, and transaction status.
template <class S>
concept recordable_session = requires(S& s, std::string_view sql) {
  s.execute_script(sql);
  { s.in_transaction() } -> std::convertible_to<bool>;
};

/// Implements the store contract's `load_state`, `apply`, `revert`, `replace_state` and whole-run
/// transactions for a SQL session; stores add opening, locking and naming.
template <recordable_session Session>
class recorder {
 public:
  recorder(Session& session, std::string table, const dialect& sql)
      : session_(session), table_(std::move(table)), quoted_(quote_identifier(table_)), dialect_(sql) {}

  const std::string& table() const noexcept { return table_; }

  std::vector<applied_migration> load_state() {
    std::vector<applied_migration> rows;
    if (!table_exists()) return rows;
    session_.for_each_row(
        fmt::format("SELECT revision, description, checksum, applied_at, execution_ms, in_progress FROM {} "
                    "ORDER BY seq",
                    quoted_),
        [&rows](const auto& row) {
          rows.push_back({row.text(0), row.text(1), row.text(2), row.text(3), row.int64(4), row.int64(5) != 0});
        });
    return rows;
  }

  void apply(const migration_info& m, const applied_migration& record, const step_body<Session>& body) {
    if (m.in_transaction) {
      step_transaction tx(*this);
      ensure_table();
      auto took = timed(body);
      insert(record, took, false);
      tx.commit();
    } else {
      require_no_run_transaction(m);
      ensure_table();
      insert(record, 0, true);
      auto took = timed(body);
      session_.execute(fmt::format("UPDATE {} SET in_progress = 0, execution_ms = $1 WHERE revision = $2", quoted_),
                       took, record.revision);
    }
  }

  void revert(const migration_info& m, const step_body<Session>& body) {
    auto remove = fmt::format("DELETE FROM {} WHERE revision = $1", quoted_);
    if (m.in_transaction) {
      step_transaction tx(*this);
      timed(body);
      session_.execute(remove, m.revision);
      tx.commit();
    } else {
      require_no_run_transaction(m);
      session_.execute(fmt::format("UPDATE {} SET in_progress = 1 WHERE revision = $1", quoted_), m.revision);
      timed(body);
      session_.execute(remove, m.revision);
    }
  }

  void replace_state(const std::vector<applied_migration>& rows) {
    step_transaction tx(*this);
    ensure_table();
    session_.execute_script(fmt::format("DELETE FROM {}", quoted_));
    for (const auto& row : rows) insert(row, row.execution_ms, row.in_progress);
    tx.commit();
  }

  void begin_run_transaction() {
    session_.execute_script(dialect_.begin);
    in_run_transaction_ = true;
  }
  void commit_run_transaction() {
    session_.execute_script("COMMIT");
    in_run_transaction_ = false;
  }
  void rollback_run_transaction() {
    in_run_transaction_ = false;
    if (session_.in_transaction()) session_.execute_script("ROLLBACK");
  }

 private:
  // Inside a whole-run transaction a savepoint nests instead of a new transaction.
  class step_transaction {
   public:
    explicit step_transaction(recorder& owner) : owner_(owner) {
      owner_.session_.execute_script(owner_.in_run_transaction_ ? std::string_view("SAVEPOINT migrate_step")
                                                                : owner_.dialect_.begin);
    }
    void commit() {
      owner_.session_.execute_script(owner_.in_run_transaction_ ? "RELEASE SAVEPOINT migrate_step" : "COMMIT");
      done_ = true;
    }
    ~step_transaction() {
      if (done_ || !owner_.session_.in_transaction()) return;
      // Rolling back can itself fail (e.g. on I/O errors); the original exception is the one to report.
      try {
        owner_.session_.execute_script(owner_.in_run_transaction_
                                           ? "ROLLBACK TO SAVEPOINT migrate_step; RELEASE SAVEPOINT migrate_step"
                                           : "ROLLBACK");
      } catch (const std::exception&) {
      }
    }

   private:
    recorder& owner_;
    bool done_ = false;
  };

  bool table_exists() {
    bool found = false;
    session_.for_each_row(dialect_.table_exists, [&found](const auto&) { found = true; }, table_);
    return found;
  }
  void ensure_table() {
    session_.execute_script(fmt::format(
        "CREATE TABLE IF NOT EXISTS {} (seq {}, revision TEXT NOT NULL UNIQUE, description TEXT NOT NULL, "
        "checksum TEXT NOT NULL DEFAULT '', applied_at TEXT NOT NULL, execution_ms BIGINT NOT NULL DEFAULT 0, "
        "in_progress INTEGER NOT NULL DEFAULT 0)",
        quoted_, dialect_.sequence_column));
  }
  void insert(const applied_migration& row, std::int64_t execution_ms, bool in_progress) {
    session_.execute(fmt::format("INSERT INTO {} (revision, description, checksum, applied_at, execution_ms, "
                                 "in_progress) VALUES ($1, $2, $3, $4, $5, $6)",
                                 quoted_),
                     row.revision, row.description, row.checksum, row.applied_at, execution_ms,
                     static_cast<std::int64_t>(in_progress));
  }
  std::int64_t timed(const step_body<Session>& body) {
    auto started = std::chrono::steady_clock::now();
    body(session_);
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  }
  void require_no_run_transaction(const migration_info& m) const {
    if (in_run_transaction_)
      throw error(errc::invalid_target,
                  fmt::format("migration {} must run outside a transaction, but a single-transaction run is open",
                              m.revision));
  }

  Session& session_;
  std::string table_;
  std::string quoted_;
  dialect dialect_;
  bool in_run_transaction_ = false;
};

}  // namespace migrate::sql
