// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// The CLI with the default stores: `migrate::cli::run<Registry>(argc, argv)` opens SQLite URLs and paths, and
/// `postgresql://` URLs when the application links `migrate::postgres`.

#include <span>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include <migrate/cli/run.hpp>
#include <migrate/migrate.hpp>

// With MIGRATE_SEPARATE_COMPILATION the CLI's commands for each linked store are compiled once, by <migrate/src.hpp>.
#if defined(MIGRATE_SEPARATE_COMPILATION)
namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli::detail {
#define MIGRATE_DETAIL_EXTERN_CLI(Store) extern template int invocation::run_with<Store>(Store&, steps_of<Store>);
MIGRATE_DETAIL_LINKED_STORES(MIGRATE_DETAIL_EXTERN_CLI)
#undef MIGRATE_DETAIL_EXTERN_CLI
}  // namespace migrate::cli::detail
#endif

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli {
// Built on with_database, whose body depends on the linked stores: same inline namespace, same reason (migrate.hpp).
inline namespace MIGRATE_STORE_SET {

/// Opens the store a URL names through `migrate::with_database`; stores `Registry` cannot run on are refused.
template <class Registry>
struct database_opener {
  /// What this build opens, for URL errors.
  static constexpr std::string_view opened_urls = opened_database_urls;
  template <class Use>
  decltype(auto) operator()(const database_url& url, Use& use) const {
    return with_database(url, [&](auto& store) -> decltype(use(store)) {
      if constexpr (can_run_on<Registry, std::remove_reference_t<decltype(store)>>)
        return use(store);
      else
        throw error(errc::bad_database_url,
                    store.describe() + " is not a store these migrations can run on: " +
                        migrate::detail::why_cannot_run_on<Registry, std::remove_reference_t<decltype(store)>>());
    });
  }
};

/// Runs the command in `args` (without the program name) against the database of `--database`/`DATABASE_URL`.
template <class Registry>
int run(std::span<const std::string_view> args, const options& opts = {}) {
  return migrate::cli::run<Registry>(args, database_opener<Registry>{}, opts);
}

/// Runs the command in `main`'s arguments against the database of `--database`/`DATABASE_URL`.
template <class Registry>
int run(int argc, char** argv, options opts = {}) {
  return migrate::cli::run<Registry>(argc, argv, database_opener<Registry>{}, std::move(opts));
}

}  // inline namespace MIGRATE_STORE_SET
}  // namespace migrate::cli
