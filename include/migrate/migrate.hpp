#pragma once
/// Everything an application needs with the embedded default store: core + SQLite, and `upgrade_all()`.

#include <fmt/format.h>

#include <migrate/core.hpp>
#include <migrate/sqlite.hpp>

namespace migrate {

/// Opens the store `url` names; this header knows `sqlite:` URLs and plain file paths.
inline sqlite::store open_sqlite_store(const database_url& url, sqlite::options options = {}) {
  if (url.scheme != "sqlite")
    throw error(errc::bad_database_url,
                fmt::format("database URL {} uses scheme '{}', which migrate::upgrade_all() cannot open here; "
                            "supported: sqlite:///relative.db, sqlite:////absolute.db, or a file path",
                            url.redacted(), url.scheme));
  return sqlite::store(url.sqlite_path(), std::move(options));
}

/// Upgrades the database named by `DATABASE_URL` (default: `sqlite:///migrate.sqlite3`) to the head of `Registry`.
template <class Registry>
run_report upgrade_all(run_options options = {}) {
  auto store = open_sqlite_store(database_url_from_environment());
  return upgrade_all<Registry>(store, std::move(options));
}

}  // namespace migrate
