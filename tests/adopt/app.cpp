// A service that switched from Alembic: `app migrate ...` is migrate's CLI over DATABASE_URL (SQLite or PostgreSQL).
#include <string_view>

#include <migrate/cli.hpp>
#include <migrate/migrate.hpp>

#include "migrations/index.hpp"

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "migrate")
    return migrate::cli::run<switched::registry>(argc - 1, argv + 1, {.program = "app migrate"});
  migrate::upgrade_all<switched::registry>();
  return 0;
}
