// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// The stores this build links (SQLite; PostgreSQL with migrate::postgres, FHIR with migrate::fhir) and opening the
/// one a database URL names: `with_database`, `environment_database_url`.

#include <cstdlib>
#include <string_view>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include <migrate/core.hpp>
#include <migrate/sqlite.hpp>
#include <migrate/detail/linked_stores.hpp>
// Linking the migrate::postgres target defines MIGRATE_WITH_POSTGRES, so SQLite-only users never see libpq.
#if defined(MIGRATE_WITH_POSTGRES)
#include <migrate/postgres.hpp>
#endif
// Likewise migrate::fhir defines MIGRATE_WITH_FHIR: http(s):// URLs then name a FHIR server.
#if defined(MIGRATE_WITH_FHIR)
#include <migrate/fhir/store.hpp>
#endif

// With MIGRATE_SEPARATE_COMPILATION the runner for each linked store is compiled once, by <migrate/src.hpp>.
#if defined(MIGRATE_SEPARATE_COMPILATION)
namespace migrate::inline MIGRATE_ABI_NAMESPACE {
#define MIGRATE_DETAIL_EXTERN_MIGRATOR(Store) extern template class basic_migrator<Store>;
MIGRATE_DETAIL_LINKED_STORES(MIGRATE_DETAIL_EXTERN_MIGRATOR)
#undef MIGRATE_DETAIL_EXTERN_MIGRATOR
}  // namespace migrate
#endif

namespace migrate::inline MIGRATE_ABI_NAMESPACE {
inline namespace MIGRATE_STORE_SET {

/// The database URLs this build opens, for messages.
inline constexpr std::string_view opened_database_urls =
    "sqlite:///relative.db, sqlite:////absolute.db, sqlite:// (in memory), a file path (/x, ./x, x.db)"
#if defined(MIGRATE_WITH_POSTGRES)
    ", postgresql://user:password@host:port/db (also postgres:// and postgresql+driver://)"
#endif
#if defined(MIGRATE_WITH_FHIR)
    ", http(s)://server/fhir-base (FHIR)"
#endif
    ;

/// Opens the SQLite store `url` names; any other scheme is `errc::bad_database_url` listing what this build opens.
inline sqlite::store open_sqlite_store(const database_url& url, sqlite::options options = {}) {
  if (url.scheme != "sqlite")
    throw error(errc::bad_database_url,
                fmt::format("database URL {} uses scheme '{}', which this build cannot open; it opens {}{}",
                            url.redacted(), url.scheme, opened_database_urls,
                            url.scheme == "postgresql" ? " (postgresql:// too once the app links migrate::postgres)"
                            : url.scheme.starts_with("http") ? " (FHIR servers too once the app links migrate::fhir)"
                                                             : ""));
  return sqlite::store(url.sqlite_path(), std::move(options));
}

#if defined(MIGRATE_WITH_POSTGRES)
/// Opens the PostgreSQL store `url` names, handing libpq `url.libpq_conninfo()` (canonical scheme, user-info libpq
/// reads whole); the store keeps the URL and its secrets out of its messages.
inline postgres::store open_postgres_store(const database_url& url, postgres::options options = {}) {
  return postgres::store(url.libpq_conninfo(), std::move(options));
}
#endif

/// `DATABASE_URL`, parsed; unset, the embedded default, announced to `sinks` as a `default_database` event.
/// Errors list the URLs this build opens.
inline database_url environment_database_url(const events& sinks) {
  if (!std::getenv("DATABASE_URL"))
    sinks.emit(event{.kind = event_kind::default_database,
                     .message = fmt::format("DATABASE_URL is unset; using the embedded default {}",
                                            redact_url(default_database_url)),
                     .store = redact_url(default_database_url)});
  try {
    return database_url_from_environment();
  } catch (const error& e) {
    throw error(e.code(), fmt::format("{}; this build opens {}", e.what(), opened_database_urls));
  }
}

/// Calls `f(store)` with the store `url` names: SQLite; PostgreSQL when `migrate::postgres` is linked; a FHIR
/// server (`http(s)://` base URL, other settings from the environment) when `migrate::fhir` is linked.
/// `f` is instantiated for every such store: guard store-specific code with `migrate::can_run_on`.
template <class F>
decltype(auto) with_database(const database_url& url, F&& f) {
#if defined(MIGRATE_WITH_POSTGRES)
  if (url.scheme == "postgresql") {
    auto store = open_postgres_store(url);
    return std::forward<F>(f)(store);
  }
#endif
#if defined(MIGRATE_WITH_FHIR)
  if (url.scheme == "http" || url.scheme == "https") {
    auto options = fhir::store_options::from_environment();
    options.base_url = url.canonical();
    fhir::store store(std::move(options));
    return std::forward<F>(f)(store);
  }
#endif
  auto store = open_sqlite_store(url);
  return std::forward<F>(f)(store);
}

}  // inline namespace MIGRATE_STORE_SET
}  // namespace migrate
