// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::upgrade_all<Registry>()`: the call an application makes at startup, over the stores this build links.
/// Light: it needs the stores' forward headers only; the code that opens the database and runs the chain is not a
/// template on the registry (with MIGRATE_SEPARATE_COMPILATION it is compiled once, in <migrate/src.hpp>).

#include <utility>

#include <migrate/core/registry.hpp>
#include <migrate/core/report.hpp>
#include <migrate/core/run_options.hpp>
#include <migrate/detail/linked_chains.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {
namespace detail {
inline namespace MIGRATE_STORE_SET {

/// Opens the database `DATABASE_URL` names and upgrades it to the head of the chain bound to its store.
MIGRATE_DECL run_report upgrade_linked(const linked_chains& chains, run_options options);

}  // inline namespace MIGRATE_STORE_SET
}  // namespace detail

inline namespace MIGRATE_STORE_SET {

/// Upgrades the database named by `DATABASE_URL` to the head of `Registry`. Unset, `DATABASE_URL` means
/// `sqlite:///migrate.sqlite3` (and a `default_database` event says so); set, it must be a URL this build opens or
/// an obvious file path, else `errc::bad_database_url` (docs/sqlite.md), as is a store `Registry` cannot run on.
template <class Registry>
run_report upgrade_all(run_options options = {}) {
  static_assert(is_registry_v<Registry>, "migrate::upgrade_all<Registry>: Registry must be a migrate::registry<...>");
  static constexpr detail::linked_chains chains = detail::linked_chains_of<Registry>();
  return detail::upgrade_linked(chains, std::move(options));
}

}  // inline namespace MIGRATE_STORE_SET
}  // namespace migrate

#if !defined(MIGRATE_SEPARATE_COMPILATION)
#include <migrate/impl/upgrade_all.hpp>
#endif
