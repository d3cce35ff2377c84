// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// What `upgrade_all` runs once the database URL has chosen the store.

#include <utility>

#include <migrate/core/bound_chain.hpp>
#include <migrate/core/migrator.hpp>
#include <migrate/core/report.hpp>
#include <migrate/core/run_options.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {

/// Upgrades `store` to the head of `steps`. A template on the store alone, so it is compiled with that store's runner
/// (migrate/detail/store_bodies.hpp), not with the code that opens the URL.
template <class Store>
run_report upgrade_store(Store& store, const bound_chain<typename Store::session_type>& steps, run_options options) {
  return basic_migrator<Store>(store, steps, std::move(options)).upgrade();
}

}  // namespace migrate::detail
