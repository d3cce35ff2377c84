// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Declares the SQLite store and its session without their headers, for code that only names them.

#include <type_traits>

#include <migrate/core/detail/session_traits.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::sqlite {
class session;  // "incomplete type" in a migration? #include <migrate/sqlite/session.hpp> there
class store;
}  // namespace migrate::sqlite

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {
template <>
struct session_runs_sql<sqlite::session> : std::true_type {};
}  // namespace migrate::detail
