#pragma once
/// Everything an application needs with the embedded default store: core + SQLite, and `upgrade_all()`.

#include <fmt/format.h>

#include <migrate/core.hpp>
#include <migrate/sqlite.hpp>
// Linking the migrate::postgres target defines MIGRATE_WITH_POSTGRES, so SQLite-only users never see libpq.
#if defined(MIGRATE_WITH_POSTGRES)
#include <migrate/postgres.hpp>
#endif
// Likewise migrate::fhir defines MIGRATE_WITH_FHIR: http(s):// URLs then name a FHIR server.
#if defined(MIGRATE_WITH_FHIR)
#include <migrate/fhir/store.hpp>
#endif

namespace migrate {

/// Opens the store `url` names; this header knows `sqlite:` URLs and plain file paths.
inline sqlite::store open_sqlite_store(const database_url& url, sqlite::options options = {}) {
  if (url.scheme != "sqlite")
    throw error(errc::bad_database_url,
                fmt::format("database URL {} uses scheme '{}', which this build cannot open; supported: "
                            "sqlite:///relative.db, sqlite:////absolute.db, a file path{}",
                            url.redacted(), url.scheme,
                            url.scheme == "postgresql" ? ", and postgresql:// once the app links migrate::postgres"
                            : url.scheme.starts_with("http") ? ", and FHIR servers once the app links migrate::fhir"
                                                             : ""));
  return sqlite::store(url.sqlite_path(), std::move(options));
}

/// Calls `f(store)` with the store `url` names: SQLite; PostgreSQL when `migrate::postgres` is linked; a FHIR
/// server (`http(s)://` base URL, other settings from the environment) when `migrate::fhir` is linked.
/// `f` is instantiated for every such store: guard store-specific code with `migrate::can_run_on`.
template <class F>
decltype(auto) with_database(const database_url& url, F&& f) {
#if defined(MIGRATE_WITH_POSTGRES)
  if (url.scheme == "postgresql") {
    postgres::store store(url.text);
    return std::forward<F>(f)(store);
  }
#endif
#if defined(MIGRATE_WITH_FHIR)
  if (url.scheme == "http" || url.scheme == "https") {
    auto options = fhir::store_options::from_environment();
    options.base_url = url.text;
    fhir::store store(std::move(options));
    return std::forward<F>(f)(store);
  }
#endif
  auto store = open_sqlite_store(url);
  return std::forward<F>(f)(store);
}

/// Upgrades the database named by `DATABASE_URL` (default: `sqlite:///migrate.sqlite3`) to the head of `Registry`.
template <class Registry>
run_report upgrade_all(run_options options = {}) {
  return with_database(database_url_from_environment(), [&](auto& store) -> run_report {
    using store_type = std::remove_reference_t<decltype(store)>;
    if constexpr (can_run_on<Registry, store_type>)
      return upgrade_all<Registry>(store, std::move(options));
    else
      throw error(errc::bad_database_url,
                  fmt::format("DATABASE_URL names {}, but these migrations are written for another store's session",
                              store.describe()));
  });
}

}  // namespace migrate
