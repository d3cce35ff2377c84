// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// The stores this build links, as macros: linking migrate::postgres defines MIGRATE_WITH_POSTGRES, migrate::fhir
// MIGRATE_WITH_FHIR, so SQLite-only users never see libpq. Everything per linked store is listed from here.

#include <migrate/sqlite/fwd.hpp>
#if defined(MIGRATE_WITH_POSTGRES)
#include <migrate/postgres/fwd.hpp>
#endif
#if defined(MIGRATE_WITH_FHIR)
#include <migrate/fhir/fwd.hpp>
#endif

// `X(store type)` for each store this build links; what is compiled per store (src.hpp) is listed once, here.
#if defined(MIGRATE_WITH_POSTGRES)
#define MIGRATE_DETAIL_POSTGRES_STORE(X) X(::migrate::postgres::store)
#else
#define MIGRATE_DETAIL_POSTGRES_STORE(X)
#endif
#if defined(MIGRATE_WITH_FHIR)
#define MIGRATE_DETAIL_FHIR_STORE(X) X(::migrate::fhir::store)
#else
#define MIGRATE_DETAIL_FHIR_STORE(X)
#endif
#define MIGRATE_DETAIL_LINKED_STORES(X) \
  X(::migrate::sqlite::store) MIGRATE_DETAIL_POSTGRES_STORE(X) MIGRATE_DETAIL_FHIR_STORE(X)

// What depends on the set of linked stores lives in an inline namespace named after that set: a translation unit
// built with MIGRATE_WITH_POSTGRES and one built without then define different symbols, instead of two bodies of one
// inline function of which the linker would keep either (an ODR violation).
#if defined(MIGRATE_WITH_POSTGRES) && defined(MIGRATE_WITH_FHIR)
#define MIGRATE_STORE_SET stores_sqlite_pg_fhir
#elif defined(MIGRATE_WITH_POSTGRES)
#define MIGRATE_STORE_SET stores_sqlite_pg
#elif defined(MIGRATE_WITH_FHIR)
#define MIGRATE_STORE_SET stores_sqlite_fhir
#else
#define MIGRATE_STORE_SET stores_sqlite
#endif
