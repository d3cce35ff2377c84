// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// With `MIGRATE_SEPARATE_COMPILATION` defined in every translation unit, include this in exactly one: it compiles
/// `upgrade_all()`'s and the CLI's bodies and, for each store the program links (SQLite; PostgreSQL and FHIR when it
/// links migrate::postgres or migrate::fhir), the runner and the CLI's commands, which the other translation units
/// then only call. Without that macro it adds nothing (every translation unit compiles what it uses, inline).
/// Linking the compiled libraries (migrate::compiled, migrate::postgres_compiled, migrate::fhir_compiled) defines
/// that macro and leaves here only the code that opens a database URL over the set of linked stores, which each of
/// them also holds for its own set: only a program linking PostgreSQL's and FHIR's both needs this file then.

#if defined(MIGRATE_SEPARATE_COMPILATION)
#include <migrate/detail/store_bodies.hpp>
// migrate::compiled defines MIGRATE_COMPILED: it holds the bodies that do not depend on a store, with SQLite's.
#if !defined(MIGRATE_COMPILED)
#include <migrate/cli/detail/impl/invocation.hpp>
#include <migrate/core/impl/events.hpp>
#endif

namespace migrate::inline MIGRATE_ABI_NAMESPACE {
#if defined(MIGRATE_COMPILED)
MIGRATE_DETAIL_EXTERN_STORE_BODIES(::migrate::sqlite::store)
#else
MIGRATE_DETAIL_STORE_BODIES(::migrate::sqlite::store)
#endif
#if defined(MIGRATE_WITH_POSTGRES) && defined(MIGRATE_COMPILED_POSTGRES)
MIGRATE_DETAIL_EXTERN_STORE_BODIES(::migrate::postgres::store)
#elif defined(MIGRATE_WITH_POSTGRES)
MIGRATE_DETAIL_STORE_BODIES(::migrate::postgres::store)
#endif
#if defined(MIGRATE_WITH_FHIR) && defined(MIGRATE_COMPILED_FHIR)
MIGRATE_DETAIL_EXTERN_STORE_BODIES(::migrate::fhir::store)
#elif defined(MIGRATE_WITH_FHIR)
MIGRATE_DETAIL_STORE_BODIES(::migrate::fhir::store)
#endif
}  // namespace migrate

#include <migrate/cli/impl/sqlite.hpp>
#include <migrate/impl/upgrade_all.hpp>
#endif
