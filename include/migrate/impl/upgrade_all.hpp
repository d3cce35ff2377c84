// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// The body of <migrate/upgrade_all.hpp>: inline when header-only, compiled by <migrate/src.hpp> otherwise.
#include <migrate/upgrade_all.hpp>

#include <utility>

#include <migrate/detail/upgrade_store.hpp>
#include <migrate/stores.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {
inline namespace MIGRATE_STORE_SET {

MIGRATE_DECL run_report upgrade_linked(const linked_chains& chains, run_options options) {
  return with_database(environment_database_url(options.sinks), [&](auto& store) -> run_report {
    return upgrade_store(store, chains.steps_for(store), std::move(options));
  });
}

}  // inline namespace MIGRATE_STORE_SET
}  // namespace migrate::detail
