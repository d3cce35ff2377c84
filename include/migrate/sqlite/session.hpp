// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
#include <migrate/sqlite/fwd.hpp>
/// `migrate::sqlite::session`: the connection code migrations receive, a thin layer over the SQLite C API.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <sqlite3.h>

#include <migrate/sqlite/error.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::sqlite {

/// One prepared statement; bind parameters (1-based), step through rows, read columns (0-based).
class statement {
 public:
  statement(sqlite3* db, std::string_view sql) : db_(db) {
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) detail::throw_error(db, rc, fmt::format("cannot prepare \"{}\"", sql));
  }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  statement(statement&& other) noexcept : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}
  ~statement() { sqlite3_finalize(stmt_); }

  statement& bind(int index, std::nullptr_t) { return check(sqlite3_bind_null(stmt_, index)); }
  statement& bind(int index, std::int64_t value) { return check(sqlite3_bind_int64(stmt_, index, value)); }
  statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  statement& bind(int index, double value) { return check(sqlite3_bind_double(stmt_, index, value)); }
  statement& bind(int index, std::string_view value) {
    return check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
  }
  statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  /// Binds each argument to ?1, ?2, ...
  template <class... Args>
  statement& bind_all(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
    return *this;
  }

  /// Advances; true while a row is available.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    detail::throw_error(db_, rc, fmt::format("cannot run \"{}\"", sqlite3_sql(stmt_)));
  }
  /// Runs to completion, ignoring rows.
  void run() {
    while (step()) {
    }
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::int64_t column_int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  double column_double(int column) const { return sqlite3_column_double(stmt_, column); }
  std::string column_text(int column) const {
    auto text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }
  sqlite3_stmt* native_handle() const noexcept { return stmt_; }

 private:
  statement& check(int rc) {
    if (rc != SQLITE_OK) detail::throw_error(db_, rc, "cannot bind a parameter");
    return *this;
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// The current row of a statement, as `session::for_each_row` passes it.
class row_view {
 public:
  explicit row_view(const statement& stmt) noexcept : stmt_(stmt) {}
  std::string text(int column) const { return stmt_.column_text(column); }
  std::int64_t int64(int column) const { return stmt_.column_int64(column); }
  bool is_null(int column) const { return stmt_.is_null(column); }

 private:
  const statement& stmt_;
};

/// A SQLite connection as handed to code migrations.
class session {
 public:
  explicit session(sqlite3* db) noexcept : db_(db) {}

  /// Runs every statement in `sql` (a script separated by semicolons).
  void execute_script(std::string_view sql) {
    while (true) {
      while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n' || sql.front() == '\r' || sql.front() == '\t'))
        sql.remove_prefix(1);
      if (sql.empty()) return;
      sqlite3_stmt* raw = nullptr;
      const char* tail = nullptr;
      int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
      if (rc != SQLITE_OK) detail::throw_error(db_, rc, "cannot prepare SQL");
      sql.remove_prefix(static_cast<std::size_t>(tail - sql.data()));
      if (!raw) continue;  // a comment or a lone semicolon
      while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      }
      std::string failed_sql = rc == SQLITE_DONE ? std::string() : std::string(sqlite3_sql(raw));
      sqlite3_finalize(raw);
      if (rc != SQLITE_DONE) detail::throw_error(db_, rc, fmt::format("statement \"{}\" failed", failed_sql));
    }
  }
  /// Runs one statement with its `?` parameters bound to `args`.
  template <class... Args>
  void execute(std::string_view sql, const Args&... args) {
    statement(db_, sql).bind_all(args...).run();
  }
  /// The first column of the first row, or nothing when there is no row or it is NULL.
  template <class T, class... Args>
  std::optional<T> query_value(std::string_view sql, const Args&... args) {
    statement stmt(db_, sql);
    stmt.bind_all(args...);
    if (!stmt.step() || stmt.is_null(0)) return std::nullopt;
    if constexpr (std::is_same_v<T, std::string>)
      return stmt.column_text(0);
    else if constexpr (std::is_floating_point_v<T>)
      return static_cast<T>(stmt.column_double(0));
    else
      return static_cast<T>(stmt.column_int64(0));
  }
  /// Calls `f(row)` for every row, where `row.text(i)` and `row.int64(i)` read column `i`.
  template <class F, class... Args>
  void for_each_row(std::string_view sql, F&& f, const Args&... args) {
    statement stmt(db_, sql);
    stmt.bind_all(args...);
    while (stmt.step()) f(row_view{stmt});
  }
  /// A prepared statement for row-by-row work.
  statement prepare(std::string_view sql) { return statement(db_, sql); }
  /// True inside BEGIN ... COMMIT.
  bool in_transaction() const noexcept { return !sqlite3_get_autocommit(db_); }

  sqlite3* native_handle() const noexcept { return db_; }

 private:
  sqlite3* db_;
};

}  // namespace migrate::sqlite
