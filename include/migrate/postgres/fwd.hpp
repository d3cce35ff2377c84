// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Declares the PostgreSQL store and its session without their headers, for code that only names them.

#include <type_traits>

#include <migrate/core/detail/session_traits.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::postgres {
class session;  // "incomplete type" in a migration? #include <migrate/postgres/session.hpp> there
class store;
}  // namespace migrate::postgres

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {
template <>
struct session_runs_sql<postgres::session> : std::true_type {};
}  // namespace migrate::detail
