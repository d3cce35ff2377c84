// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Errors from PostgreSQL, carrying its SQLSTATE.

#include <string>

#include <libpq-fe.h>

#include <migrate/core/errors.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::postgres {

/// The server or libpq reported a failure; `what()` holds its message.
class error : public store_error {
 public:
  error(std::string sqlstate, const std::string& what) : store_error(what), sqlstate_(std::move(sqlstate)) {}
  /// The five-character SQLSTATE ("23505" for unique_violation), empty for connection failures.
  const std::string& sqlstate() const noexcept { return sqlstate_; }

 private:
  std::string sqlstate_;
};

}  // namespace migrate::postgres
