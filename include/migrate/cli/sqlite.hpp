// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// The CLI with the stores this build links: `migrate::cli::run<Registry>(argc, argv)` opens SQLite URLs and paths,
/// `postgresql://` URLs when the application links `migrate::postgres`, FHIR servers with `migrate::fhir`. Light:
/// the code that opens the database and runs the command is not a template on the registry (with
/// MIGRATE_SEPARATE_COMPILATION it is compiled once, in <migrate/src.hpp>).

#include <span>
#include <string_view>
#include <utility>

#include <migrate/cli/options.hpp>
#include <migrate/cli/detail/chain_tables.hpp>
#include <migrate/cli/detail/program_arguments.hpp>
#include <migrate/detail/linked_chains.hpp>

// Built on the linked stores: in their inline namespace, for the reason given in migrate/detail/linked_stores.hpp.
namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli {
namespace detail {
inline namespace MIGRATE_STORE_SET {

/// Runs the command in `args` against the database of `--database`/`DATABASE_URL`, with the chain bound to its store.
MIGRATE_DECL int run_linked(const chain_tables& tables, const migrate::detail::linked_chains& chains,
                            std::span<const std::string_view> args, const options& opts);

}  // inline namespace MIGRATE_STORE_SET
}  // namespace detail

inline namespace MIGRATE_STORE_SET {

/// Runs the command in `args` (without the program name) against the database of `--database`/`DATABASE_URL`.
template <class Registry>
int run(std::span<const std::string_view> args, const options& opts = {}) {
  static_assert(is_registry_v<Registry>, "migrate::cli::run<Registry>: Registry must be a migrate::registry<...>");
  static constexpr migrate::detail::linked_chains chains = migrate::detail::linked_chains_of<Registry>();
  return detail::run_linked(detail::tables_of<Registry>(), chains, args, opts);
}

/// Runs the command in `main`'s arguments against the database of `--database`/`DATABASE_URL`.
template <class Registry>
int run(int argc, char** argv, options opts = {}) {
  opts.program = detail::program_name(opts, argc > 0 ? argv[0] : nullptr);
  auto args = detail::arguments_of(argc, argv);
  return migrate::cli::run<Registry>(std::span<const std::string_view>(args), opts);
}

}  // inline namespace MIGRATE_STORE_SET
}  // namespace migrate::cli

#if !defined(MIGRATE_SEPARATE_COMPILATION)
#include <migrate/cli/impl/sqlite.hpp>
#endif
