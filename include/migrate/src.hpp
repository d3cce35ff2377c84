// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// With `MIGRATE_SEPARATE_COMPILATION` defined in every translation unit, include this in exactly one: it compiles the
/// CLI's bodies and, for each store the program links (SQLite; PostgreSQL and FHIR when it links migrate::postgres or
/// migrate::fhir), the runner and the CLI's commands, which the other translation units then only call. Without
/// that macro it adds nothing (every translation unit compiles what it uses, inline).

#if defined(MIGRATE_SEPARATE_COMPILATION)
#include <migrate/cli.hpp>
#include <migrate/migrate.hpp>
#include <migrate/cli/detail/impl/invocation.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {
template class basic_migrator<sqlite::store>;
#if defined(MIGRATE_WITH_POSTGRES)
template class basic_migrator<postgres::store>;
#endif
#if defined(MIGRATE_WITH_FHIR)
template class basic_migrator<fhir::store>;
#endif
}  // namespace migrate

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli::detail {
template int invocation::run_with<sqlite::store>(sqlite::store&, steps_of<sqlite::store>);
#if defined(MIGRATE_WITH_POSTGRES)
template int invocation::run_with<postgres::store>(postgres::store&, steps_of<postgres::store>);
#endif
#if defined(MIGRATE_WITH_FHIR)
template int invocation::run_with<fhir::store>(fhir::store&, steps_of<fhir::store>);
#endif
}  // namespace migrate::cli::detail
#endif
