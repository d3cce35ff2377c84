// SPDX-License-Identifier: MIT
// migrate::postgres_compiled: the PostgreSQL store's runner, CLI commands and upgrade_all call, compiled once.
#include <migrate/core/version.hpp>
#include <migrate/detail/store_bodies.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {
MIGRATE_DETAIL_STORE_BODIES(::migrate::postgres::store)
}  // namespace migrate
