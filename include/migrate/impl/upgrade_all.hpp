// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// The body of <migrate/upgrade_all.hpp>: inline when header-only, compiled by <migrate/src.hpp> otherwise.
#include <migrate/upgrade_all.hpp>

#include <type_traits>
#include <utility>

#include <migrate/core/migrator.hpp>
#include <migrate/stores.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {
inline namespace MIGRATE_STORE_SET {

MIGRATE_DECL run_report upgrade_linked(const linked_chains& chains, run_options options) {
  return with_database(environment_database_url(options.sinks), [&](auto& store) -> run_report {
    using store_type = std::remove_reference_t<decltype(store)>;
    return basic_migrator<store_type>(store, chains.steps_for(store), std::move(options)).upgrade();
  });
}

}  // inline namespace MIGRATE_STORE_SET
}  // namespace migrate::detail
