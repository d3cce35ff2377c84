// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::cli::run`: the embeddable command line over any store; needs only migrate's core.

#include <concepts>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <migrate/cli/command_line.hpp>
#include <migrate/cli/exit_code.hpp>
#include <migrate/cli/options.hpp>
#include <migrate/cli/detail/invocation.hpp>
#include <migrate/cli/detail/program_arguments.hpp>
#include <migrate/core/database_url.hpp>
#include <migrate/core/registry.hpp>
#include <migrate/core/store.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli {
namespace detail {

// Handed to two-argument openers: `use(store)` runs the command on whatever store type they opened, binding the
// registry to that store here, so that the invocation itself does not depend on the registry.
template <class Registry>
class store_user {
 public:
  explicit store_user(invocation& run) : run_(run) {}
  template <migrate::store Store>
  int operator()(Store& store) const {
    return run_.run_with(store, bind_chain<Registry, Store>());
  }

 private:
  invocation& run_;
};

}  // namespace detail

/// Opens a store from a database URL: `open(url)` returning a store (or a pointer to one), or
/// `open(url, use)` calling `use(store)` and returning its result — for applications choosing among store types.
template <class Open, class Registry>
concept store_opener = std::invocable<Open&, const database_url&, detail::store_user<Registry>&> ||
                       std::invocable<Open&, const database_url&>;

/// What `run` accepts as its store: a ready store, or an opener.
template <class Source, class Registry>
concept store_source = store<std::remove_cvref_t<Source>> || store_opener<std::remove_cvref_t<Source>, Registry>;

/// Runs the command in `args` (without the program name) against `source`; returns the exit code.
///
/// With a ready store, `--database` is refused. With an opener, the URL is `--database`, else `DATABASE_URL`,
/// else `options::default_database_url`; commands that need no database (help, heads, sql) never open it.
template <class Registry, class Source>
  requires store_source<Source, Registry>
int run(std::span<const std::string_view> args, Source&& source, const options& opts = {}) {
  static_assert(is_registry_v<Registry>, "migrate::cli::run<Registry>: Registry must be a migrate::registry<...>");
  const auto tables = detail::tables_of<Registry>();
  detail::invocation invocation(tables, args, opts, detail::program_name(opts, nullptr));
  if (auto done = invocation.run_without_store()) return *done;
  using source_type = std::remove_cvref_t<Source>;
  if constexpr (store<source_type>) {
    if (auto refused = invocation.refuse_database_option()) return *refused;
    return invocation.run_with(source, bind_chain<Registry, source_type>());
  } else {
    try {
      std::string_view opened_urls;
      if constexpr (requires { source_type::opened_urls; }) opened_urls = source_type::opened_urls;
      auto url = invocation.database(opened_urls);
      if constexpr (std::invocable<source_type&, const database_url&, detail::store_user<Registry>&>) {
        detail::store_user<Registry> use(invocation);
        return source(url, use);
      } else {
        decltype(auto) opened = source(url);
        if constexpr (store<std::remove_cvref_t<decltype(opened)>>)
          return detail::store_user<Registry>(invocation)(opened);
        else
          return detail::store_user<Registry>(invocation)(*opened);
      }
    } catch (...) {
      return invocation.fail(std::current_exception());
    }
  }
}

/// As above, from `main`'s arguments; `argv[0]` names the program unless `options::program` does.
template <class Registry, class Source>
  requires store_source<Source, Registry>
int run(int argc, char** argv, Source&& source, options opts = {}) {
  opts.program = detail::program_name(opts, argc > 0 ? argv[0] : nullptr);
  auto args = detail::arguments_of(argc, argv);
  return run<Registry>(std::span<const std::string_view>(args), std::forward<Source>(source), opts);
}

}  // namespace migrate::cli
