// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
#include <migrate/postgres/fwd.hpp>
/// `migrate::postgres::session`: the connection code migrations receive, a thin layer over libpq.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <libpq-fe.h>

#include <migrate/postgres/detail/connection.hpp>
#include <migrate/postgres/error.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::postgres {

namespace detail {
struct result_deleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using result_ptr = std::unique_ptr<PGresult, result_deleter>;

inline std::optional<std::string> to_parameter(std::nullptr_t) { return std::nullopt; }
inline std::optional<std::string> to_parameter(std::string_view v) { return std::string(v); }
inline std::optional<std::string> to_parameter(const char* v) { return std::string(v); }
inline std::optional<std::string> to_parameter(const std::string& v) { return v; }
inline std::optional<std::string> to_parameter(bool v) { return v ? "true" : "false"; }
template <class T>
  requires std::is_arithmetic_v<T>
std::optional<std::string> to_parameter(T v) {
  return fmt::format("{}", v);
}
}  // namespace detail

/// The current row of a result, as `session::for_each_row` passes it.
class row_view {
 public:
  row_view(const PGresult* result, int row) noexcept : result_(result), row_(row) {}
  std::string text(int column) const { return PQgetvalue(result_, row_, column); }
  std::int64_t int64(int column) const { return std::stoll(text(column)); }
  bool is_null(int column) const { return PQgetisnull(result_, row_, column) != 0; }

 private:
  const PGresult* result_;
  int row_;
};

/// A PostgreSQL connection as handed to code migrations.
class session {
 public:
  explicit session(PGconn* connection) noexcept : connection_(connection) {}

  /// Runs every statement in `sql` (several may be separated by semicolons).
  void execute_script(std::string_view sql) {
    if (deferred_begin_.empty()) {
      check(PQexec(connection_, std::string(sql).c_str()), sql);
      return;
    }
    // One round trip: the deferred BEGIN (and whatever followed it) and the script, as one simple query.
    auto text = std::exchange(deferred_begin_, std::string()) + "; " + std::string(sql);
    check(PQexec(connection_, text.c_str()), sql);
  }
  /// Opens a transaction with `statements` (starting with BEGIN; no parameters) sent ahead of the next statement
  /// this session runs, in the same round trip when that is a script. Meanwhile `in_transaction()` is true.
  void defer_begin(std::string statements) { deferred_begin_ = std::move(statements); }
  /// Forgets a `defer_begin` not sent yet (the step it was for failed before running anything).
  void drop_deferred_begin() noexcept { deferred_begin_.clear(); }
  /// `text` as a SQL string literal for this connection (libpq's escaping, whatever `standard_conforming_strings`).
  std::string literal(std::string_view text) {
    char* quoted = PQescapeLiteral(connection_, text.data(), text.size());
    if (!quoted) throw error("", detail::without_connection_secrets(connection_, PQerrorMessage(connection_)));
    std::string result(quoted);
    PQfreemem(quoted);
    return result;
  }
  /// Runs one statement with `$1`, `$2`... bound to `args` (sent as text, typed by the server).
  template <class... Args>
  void execute(std::string_view sql, const Args&... args) {
    run(sql, args...);
  }
  /// The first column of the first row, or nothing when there is no row or it is NULL.
  template <class T, class... Args>
  std::optional<T> query_value(std::string_view sql, const Args&... args) {
    auto result = run(sql, args...);
    if (PQntuples(result.get()) == 0 || PQgetisnull(result.get(), 0, 0)) return std::nullopt;
    row_view row(result.get(), 0);
    if constexpr (std::is_same_v<T, std::string>)
      return row.text(0);
    else if constexpr (std::is_same_v<T, bool>)
      return row.text(0) == "t";
    else if constexpr (std::is_floating_point_v<T>)
      return static_cast<T>(std::stod(row.text(0)));
    else
      return static_cast<T>(row.int64(0));
  }
  /// Calls `f(row)` for every row, where `row.text(i)` and `row.int64(i)` read column `i`.
  template <class F, class... Args>
  void for_each_row(std::string_view sql, F&& f, const Args&... args) {
    auto result = run(sql, args...);
    for (int i = 0, n = PQntuples(result.get()); i < n; ++i) f(row_view(result.get(), i));
  }
  /// True inside BEGIN ... COMMIT (or a failed transaction awaiting ROLLBACK), or with a `defer_begin` pending.
  bool in_transaction() const noexcept {
    return !deferred_begin_.empty() || PQtransactionStatus(connection_) != PQTRANS_IDLE;
  }

  PGconn* native_handle() const noexcept { return connection_; }

 private:
  template <class... Args>
  detail::result_ptr run(std::string_view sql, const Args&... args) {
    if (!deferred_begin_.empty()) {  // a parameterised statement travels alone
      auto begin = std::exchange(deferred_begin_, std::string());
      check(PQexec(connection_, begin.c_str()), begin);
    }
    std::vector<std::optional<std::string>> texts{detail::to_parameter(args)...};
    std::vector<const char*> values;
    for (const auto& t : texts) values.push_back(t ? t->c_str() : nullptr);
    return check(PQexecParams(connection_, std::string(sql).c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0),
                 sql);
  }
  detail::result_ptr check(PGresult* raw, std::string_view sql) {
    detail::result_ptr result(raw);
    auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return result;
    const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
    std::string message = result ? PQresultErrorMessage(result.get()) : PQerrorMessage(connection_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    constexpr std::size_t shown = 200;
    throw error(state ? state : "",
                detail::without_connection_secrets(
                    connection_, fmt::format("statement \"{}{}\" failed: {}", sql.substr(0, shown),
                                             sql.size() > shown ? "..." : "", message)));
  }

  PGconn* connection_;
  std::string deferred_begin_;
};

}  // namespace migrate::postgres
