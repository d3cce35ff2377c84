// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// With `MIGRATE_SEPARATE_COMPILATION` defined in every translation unit, include this in exactly one: it compiles
/// `upgrade_all()`'s and the CLI's bodies and, for each store the program links (SQLite; PostgreSQL and FHIR when it
/// links migrate::postgres or migrate::fhir), the runner and the CLI's commands, which the other translation units
/// then only call. Without that macro it adds nothing (every translation unit compiles what it uses, inline).

#if defined(MIGRATE_SEPARATE_COMPILATION)
#include <migrate/cli/detail/impl/invocation.hpp>
#include <migrate/cli/impl/sqlite.hpp>
#include <migrate/core/impl/events.hpp>
#include <migrate/impl/upgrade_all.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {
#define MIGRATE_DETAIL_MIGRATOR(Store) template class basic_migrator<Store>;
MIGRATE_DETAIL_LINKED_STORES(MIGRATE_DETAIL_MIGRATOR)
#undef MIGRATE_DETAIL_MIGRATOR
}  // namespace migrate
#endif
