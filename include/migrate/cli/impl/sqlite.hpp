// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// The body of <migrate/cli/sqlite.hpp>: inline when header-only, compiled by <migrate/src.hpp> otherwise.
#include <migrate/cli/sqlite.hpp>

#include <exception>

#include <migrate/cli/detail/invocation.hpp>
#include <migrate/stores.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli::detail {
inline namespace MIGRATE_STORE_SET {

MIGRATE_DECL int run_linked(const chain_tables& tables, const migrate::detail::linked_chains& chains,
                            std::span<const std::string_view> args, const options& opts) {
  invocation run(tables, args, opts, program_name(opts, nullptr));
  if (auto done = run.run_without_store()) return *done;
  try {
    return with_database(run.database(opened_database_urls),
                         [&](auto& store) -> int { return run.run_with(store, chains.steps_for(store)); });
  } catch (...) {
    return run.fail(std::current_exception());
  }
}

}  // inline namespace MIGRATE_STORE_SET
}  // namespace migrate::cli::detail
