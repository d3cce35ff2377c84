// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// What is compiled once per store with MIGRATE_SEPARATE_COMPILATION: its runner, the CLI's commands over it and
// `upgrade_all`'s call. <migrate/src.hpp> instantiates them for each store the program links, unless the store's
// compiled library (migrate::compiled for SQLite, migrate::postgres_compiled, migrate::fhir_compiled) holds them;
// then src.hpp only declares them. Expanded inside `namespace migrate::inline MIGRATE_ABI_NAMESPACE`.

#include <migrate/cli/detail/invocation.hpp>
#include <migrate/detail/upgrade_store.hpp>
#include <migrate/stores.hpp>

// `How`: nothing (instantiate here) or `extern` (declare: instantiated elsewhere).
#define MIGRATE_DETAIL_STORE_BODIES_AS(How, Store)                                                       \
  How template class basic_migrator<Store>;                                                              \
  How template int cli::detail::invocation::run_with<Store>(Store&, cli::detail::steps_of<Store>);       \
  How template run_report detail::upgrade_store<Store>(Store&, const bound_chain<Store::session_type>&, \
                                                       run_options);
#define MIGRATE_DETAIL_STORE_BODIES(Store) MIGRATE_DETAIL_STORE_BODIES_AS(, Store)
#define MIGRATE_DETAIL_EXTERN_STORE_BODIES(Store) MIGRATE_DETAIL_STORE_BODIES_AS(extern, Store)
