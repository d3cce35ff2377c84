// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::sql::recorder`: the state table and step transactions shared by every SQL store.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <migrate/core/errors.hpp>
#include <migrate/core/migration_info.hpp>
#include <migrate/core/state.hpp>
#include <migrate/core/store.hpp>
#include <migrate/sql/dialect.hpp>
#include <migrate/sql/foreign_state.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::sql {

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

/// A session that can send the statements opening a step with the step's SQL, and quote values as literals, so a
/// step costs two round trips (PostgreSQL): "BEGIN; SAVEPOINT; <SQL>" and "<state write>; RELEASE; COMMIT".
template <class S>
concept batching_session = requires(S& s, std::string text, std::string_view value) {
  s.defer_begin(text);
  s.drop_deferred_begin();
  { s.literal(value) } -> std::convertible_to<std::string>;
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
    layout_ = probe_layout();
    if (*layout_ == layout::missing) return rows;
    session_.for_each_row(
        fmt::format("SELECT revision, description, checksum, applied_at, execution_ms, in_progress, {} FROM {} "
                    "ORDER BY seq",
                    *layout_ == layout::current ? "recorded_by" : "''", quoted_),
        [&rows](const auto& row) {
          auto flag = row.int64(5);
          rows.push_back({row.text(0), row.text(1), row.text(2), row.text(3), row.int64(4), flag != 0,
                          flag == 0 || flag == 1 ? std::string()
                                                 : fmt::format("in_progress is {}, where only 0 and 1 are written",
                                                               flag),
                          row.text(6)});
        });
    return rows;
  }

  /// With no state table: the user's tables, and which other migration tool's state they hold; "" when empty.
  std::string unmanaged_contents() {
    // The migrator asks right after load_state(), which already probed the table.
    if (dialect_.list_tables.empty() || (layout_ ? *layout_ != layout::missing : table_exists())) return {};
    return describe_unmanaged(session_, dialect_, table_);
  }
  /// Another tool's state (Alembic, golang-migrate, a Go runner, Flyway), read as that tool wrote it.
  std::optional<foreign_state> read_foreign_state() {
    return sql::read_foreign_state(session_, dialect_, list_tables(session_, dialect_));
  }
  /// Drops the foreign tool's table (`adopt --drop-foreign`).
  void drop_foreign_state(const foreign_state& foreign) {
    session_.execute_script(fmt::format("DROP TABLE {}", quote_identifier(foreign.where)));
  }

  void apply(const migration_info& m, const applied_migration& record, const step_body<Session>& body) {
    if (m.in_transaction) {
      step_transaction tx(*this, m, [&] { mark_dirty_after_apply(record); });
      ensure_table();
      auto took = timed(body);
      tx.require_open();
      if constexpr (batching_session<Session>) {
        tx.commit_with([&](std::string_view condition) {
          return fmt::format("INSERT INTO {} ({}) {} WHERE {}", quoted_, state_columns, literal_values(record, took),
                             condition);
        });
      } else {
        insert(record, took, false);
        tx.commit();
      }
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
      step_transaction tx(*this, m, [&] { mark_in_progress(m.revision); });
      timed(body);
      tx.require_open();
      if constexpr (batching_session<Session>) {
        tx.commit_with([&](std::string_view condition) {
          return fmt::format("DELETE FROM {} WHERE revision = {} AND {}", quoted_, session_.literal(m.revision),
                             condition);
        });
      } else {
        session_.execute(remove, m.revision);
        tx.commit();
      }
    } else {
      require_no_run_transaction(m);
      mark_in_progress(m.revision);
      timed(body);
      session_.execute(remove, m.revision);
    }
  }

  void replace_state(const std::vector<applied_migration>& rows) {
    session_.execute_script(dialect_.begin);
    try {
      ensure_table();
      session_.execute_script(fmt::format("DELETE FROM {}", quoted_));
      for (const auto& row : rows) insert(row, row.execution_ms, row.in_progress);
      session_.execute_script("COMMIT");
    } catch (...) {
      rollback_quietly();
      throw;
    }
  }

  void begin_run_transaction() {
    session_.execute_script(dialect_.run_marker.empty() ? std::string(dialect_.begin)
                                                        : fmt::format("{}; {}", dialect_.begin, dialect_.run_marker));
    in_run_transaction_ = true;
  }
  void commit_run_transaction() {
    session_.execute_script("COMMIT");
    in_run_transaction_ = false;
  }
  void rollback_run_transaction() {
    in_run_transaction_ = false;
    layout_.reset();
    if (session_.in_transaction()) session_.execute_script("ROLLBACK");
  }

 protected:
  /// True while a whole-run transaction (`run_options::single_transaction`) is open.
  bool in_run_transaction() const noexcept { return in_run_transaction_; }
  /// False while a whole-run transaction without per-step savepoints is open: a failed step there aborts the run,
  /// so it cannot be tried again on its own.
  bool step_can_be_retried() const noexcept { return !marked_run(); }

 private:
  bool marked_run() const noexcept { return in_run_transaction_ && !dialect_.run_marker.empty(); }

  // A step's transaction, with a savepoint that tells whether the migration's own SQL ended it: a COMMIT, ROLLBACK
  // or END inside the body leaves no transaction (checked before the state row is written), and COMMIT; BEGIN leaves
  // a transaction without the savepoint (releasing it fails, which aborts the new transaction with the state row).
  // Inside a whole-run transaction the savepoint alone stands for the step — unless the dialect marks the run's
  // transaction (`dialect::run_marker`, PostgreSQL): then no step takes a savepoint (a thousand of them would
  // overflow PostgreSQL's subtransaction cache), the state write is made conditional on the mark, and a write that
  // finds no mark means the body ended the run's transaction.
  class step_transaction {
   public:
    step_transaction(recorder& owner, const migration_info& m, std::function<void()> mark_dirty)
        : owner_(owner), migration_(m), mark_dirty_(std::move(mark_dirty)) {
      if (owner_.marked_run()) return;
      if (owner_.in_run_transaction_) {
        owner_.session_.execute_script("SAVEPOINT migrate_step");
        return;
      }
      auto begin = fmt::format("{}; SAVEPOINT migrate_step", owner_.dialect_.begin);
      // A SQL migration's body is one script: the BEGIN travels with it. Code migrations may use the connection
      // in any way, so their transaction is opened on its own.
      if constexpr (batching_session<Session>) {
        if (m.kind == migration_kind::sql) {
          owner_.session_.defer_begin(std::move(begin));
          return;
        }
      }
      owner_.session_.execute_script(begin);
    }
    step_transaction(const step_transaction&) = delete;
    step_transaction& operator=(const step_transaction&) = delete;

    /// Throws incomplete_step_error when the body ended the transaction (after recording the step as dirty).
    void require_open() {
      if (!owner_.session_.in_transaction()) body_ended_transaction();
    }
    void commit() {
      try {
        owner_.session_.execute_script(owner_.in_run_transaction_ ? "RELEASE SAVEPOINT migrate_step"
                                                                  : "RELEASE SAVEPOINT migrate_step; COMMIT");
      } catch (const std::exception& e) {
        // Both SQLite ("no such savepoint: migrate_step") and PostgreSQL ("savepoint \"migrate_step\" does not
        // exist") name the savepoint; any other failure (a deferred constraint, I/O) is an ordinary one.
        if (std::string_view(e.what()).find("migrate_step") == std::string_view::npos) throw;
        body_ended_transaction();
      }
      done_ = true;
    }
    /// Writes the state row — `write(condition)` with `condition` "TRUE", or the run's mark — and commits the step,
    /// in one round trip outside a marked run.
    template <class Write>
    void commit_with(Write write) {
      if (owner_.marked_run()) {
        bool marked = false;
        owner_.session_.for_each_row(fmt::format("{} RETURNING 1", write(owner_.dialect_.run_marker_set)),
                                     [&marked](const auto&) { marked = true; });
        if (!marked) body_ended_transaction();  // COMMIT; BEGIN in the body: the mark went with the first
        done_ = true;
        return;
      }
      try {
        owner_.session_.execute_script(fmt::format("{}; RELEASE SAVEPOINT migrate_step{}", write("TRUE"),
                                                   owner_.in_run_transaction_ ? "" : "; COMMIT"));
      } catch (const std::exception& e) {
        if (std::string_view(e.what()).find("migrate_step") == std::string_view::npos) throw;
        body_ended_transaction();
      }
      done_ = true;
    }
    ~step_transaction() {
      if constexpr (batching_session<Session>) owner_.session_.drop_deferred_begin();
      if (done_ || !owner_.session_.in_transaction()) return;
      if (!owner_.in_run_transaction_) {
        owner_.rollback_quietly();
        return;
      }
      // The run goes on only if the caller retries; undo just this step either way. A marked run has no savepoint:
      // the migrator rolls the whole run back.
      owner_.layout_.reset();
      if (owner_.marked_run()) return;
      try {
        owner_.session_.execute_script("ROLLBACK TO SAVEPOINT migrate_step; RELEASE SAVEPOINT migrate_step");
      } catch (...) {
      }
    }

   private:
    [[noreturn]] void body_ended_transaction() {
      bool whole_run = owner_.in_run_transaction_;
      owner_.rollback_quietly();
      owner_.in_run_transaction_ = false;
      done_ = true;
      mark_dirty_();
      throw incomplete_step_error(
          errc::migration_failed,
          "its SQL ended the transaction migrate opened for the step (COMMIT, ROLLBACK or END inside a migration)",
          fmt::format("what ran before that statement was committed on its own{}, so {} is recorded as dirty. Remove "
                      "the transaction control from the migration (declare `.in_transaction = false` if it must run "
                      "outside a transaction), inspect the schema, then `stamp` the revision it is really at",
                      whole_run ? ", with the earlier steps of this run" : "", migration_.revision));
    }

    recorder& owner_;
    const migration_info& migration_;
    std::function<void()> mark_dirty_;
    bool done_ = false;
  };

  void rollback_quietly() noexcept {
    if constexpr (batching_session<Session>) session_.drop_deferred_begin();
    layout_.reset();  // a CREATE or ALTER of the state table may have been rolled back with the rest
    // Rolling back can itself fail (e.g. on I/O errors); the original exception is the one to report.
    try {
      if (session_.in_transaction()) session_.execute_script("ROLLBACK");
    } catch (...) {
    }
  }
  // After the body ended the step's transaction, in autocommit: the record says "interrupted", never "done".
  void mark_dirty_after_apply(const applied_migration& record) {
    ensure_table();
    session_.execute(fmt::format("DELETE FROM {} WHERE revision = $1", quoted_), record.revision);
    insert(record, 0, true);
  }
  // Before a step that cannot be atomic, or after one whose body ended its transaction: "interrupted".
  void mark_in_progress(std::string_view revision) {
    session_.execute(fmt::format("UPDATE {} SET in_progress = 1 WHERE revision = $1", quoted_), revision);
  }
  // The state table's shape: none yet, from before `recorded_by` existed, or current. Probed when state is read
  // (under the run lock), so a run creates or upgrades the table at most once; a rollback forgets it.
  enum class layout { missing, legacy, current };
  std::optional<layout> layout_;

  layout probe_layout() {
    bool current = false;
    session_.for_each_row(dialect_.column_exists, [&current](const auto&) { current = true; }, table_,
                          std::string_view("recorded_by"));
    if (current) return layout::current;
    return table_exists() ? layout::legacy : layout::missing;
  }
  bool table_exists() {
    bool found = false;
    session_.for_each_row(dialect_.table_exists, [&found](const auto&) { found = true; }, table_);
    return found;
  }
  void ensure_table() {
    if (!layout_) layout_ = probe_layout();
    if (*layout_ == layout::missing)
      session_.execute_script(fmt::format(
          "CREATE TABLE IF NOT EXISTS {} (seq {}, revision TEXT NOT NULL UNIQUE, description TEXT NOT NULL, "
          "checksum TEXT NOT NULL DEFAULT '', applied_at TEXT NOT NULL, execution_ms BIGINT NOT NULL DEFAULT 0, "
          "in_progress INTEGER NOT NULL DEFAULT 0, recorded_by TEXT NOT NULL DEFAULT '')",
          quoted_, dialect_.sequence_column));
    else if (*layout_ == layout::legacy)
      session_.execute_script(
          fmt::format("ALTER TABLE {} ADD COLUMN recorded_by TEXT NOT NULL DEFAULT ''", quoted_));
    layout_ = layout::current;
  }
  static constexpr std::string_view state_columns =
      "revision, description, checksum, applied_at, execution_ms, in_progress, recorded_by";
  void insert(const applied_migration& row, std::int64_t execution_ms, bool in_progress) {
    session_.execute(fmt::format("INSERT INTO {} ({}) VALUES ($1, $2, $3, $4, $5, $6, $7)", quoted_, state_columns),
                     row.revision, row.description, row.checksum, row.applied_at, execution_ms,
                     static_cast<std::int64_t>(in_progress), row.recorded_by);
  }
  // A completed step's state row as `SELECT <literals>`, to travel in a script with the COMMIT.
  std::string literal_values(const applied_migration& row, std::int64_t execution_ms) {
    return fmt::format("SELECT {}, {}, {}, {}, {}, 0, {}", session_.literal(row.revision),
                       session_.literal(row.description), session_.literal(row.checksum),
                       session_.literal(row.applied_at), execution_ms, session_.literal(row.recorded_by));
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
