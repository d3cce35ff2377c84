#pragma once
// Two translation units, one built with MIGRATE_WITH_POSTGRES and one without, each instantiating the same
// templates of <migrate/migrate.hpp> and <migrate/cli/sqlite.hpp> for the same registry (test_store_set_odr.cpp).

#include <string>

#include <migrate/core.hpp>

namespace odr_test {

MIGRATE_SQL_MIGRATION(create_things, .revision = "0d0d0d0d0d0d", .description = "create things",
                      .created = "2026-11-21 09:00:00", .up = "CREATE TABLE things (id INTEGER PRIMARY KEY)",
                      .down = "DROP TABLE things");
using registry = migrate::registry<create_things>;

/// An unreachable PostgreSQL server (port 1): linked with PostgreSQL, opening it fails to connect.
inline constexpr const char* postgres_url = "postgresql://odr@127.0.0.1:1/db";

/// What each translation unit saw: upgrade_all()'s error for postgres_url, and the CLI's exit code and stderr.
struct outcome {
  std::string upgrade_error;
  int cli_exit = -1;
  std::string cli_error;
};

outcome with_postgres();  ///< from odr_with_postgres.cpp
outcome sqlite_only();    ///< from odr_sqlite_only.cpp

}  // namespace odr_test
