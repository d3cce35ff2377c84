// What an application's startup TU compiles with MIGRATE_SEPARATE_COMPILATION: <migrate/migrate.hpp> and
// <migrate/cli.hpp>, SQL migrations, `upgrade_all<Registry>()` and `cli::run<Registry>(argc, argv)`. Their bodies are
// compiled once, by <migrate/src.hpp>, so neither the stores' headers (sqlite3.h, libpq, Boost.JSON/Beast), nor the
// runner, nor fmt's format.h may reach this translation unit. headers.app_light builds it (with every store target
// this build has); headers.app_light_detects includes fmt's format.h first to prove the guard fires.
#if defined(MIGRATE_TEST_SNEAK_IN)
#include MIGRATE_TEST_SNEAK_IN
#endif

#include <migrate/cli.hpp>
#include <migrate/migrate.hpp>

namespace light {
MIGRATE_SQL_MIGRATION(create_notes, .revision = "a1", .description = "notes",
                      .up = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", .down = "DROP TABLE notes");
MIGRATE_SQL_MIGRATION(add_author, .revision = "a2", .revises = "a1", .description = "note authors",
                      .up = "ALTER TABLE notes ADD COLUMN author TEXT", .down = "ALTER TABLE notes DROP COLUMN author");
using registry = migrate::registry<create_notes, add_author>;
}  // namespace light

int light_main(int argc, char** argv) {
  if (argc > 1) return migrate::cli::run<light::registry>(argc, argv);
  return static_cast<int>(migrate::upgrade_all<light::registry>().steps.size());
}

#if defined(FMT_FORMAT_H_) || defined(SQLITE_VERSION) || defined(LIBPQ_FE_H) || defined(BOOST_JSON_VALUE_HPP) || \
    defined(BOOST_BEAST_VERSION)
#error "the application's startup headers pulled in fmt's format.h or a store's headers: keep their users in src.hpp"
#endif
