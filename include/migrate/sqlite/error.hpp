// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Errors from SQLite, carrying its result code and message.

#include <string>

#include <fmt/format.h>
#include <sqlite3.h>

#include <migrate/core/errors.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::sqlite {

/// SQLite reported a failure; `what()` holds its message.
class error : public store_error {
 public:
  error(int result_code, const std::string& what) : store_error(what), result_code_(result_code) {}
  /// The extended SQLite result code (SQLITE_BUSY, SQLITE_CONSTRAINT_UNIQUE, ...).
  int result_code() const noexcept { return result_code_; }

 private:
  int result_code_;
};

namespace detail {
/// Throws `sqlite::error` for `code` with the connection's message and what we were doing.
[[noreturn]] inline void throw_error(sqlite3* db, int code, std::string_view doing) {
  const char* message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  throw error(code, fmt::format("{}: {}", doing, message));
}
}  // namespace detail

}  // namespace migrate::sqlite
