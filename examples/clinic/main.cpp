// The clinic demo: migrations run at startup on an embedded SQLite file (DATABASE_URL, default
// sqlite:///migrate.sqlite3) or, from the same migrations, on PostgreSQL (DATABASE_URL=postgresql://...), then the
// app uses the schema they built. `clinic migrate ...` is the migration command line (status, upgrade, downgrade,
// history, verify, ...).
#include <cstdio>
#include <string_view>

#include <migrate/cli.hpp>
#include <migrate/migrate.hpp>

#include "migrations/index.hpp"

int main(int argc, char** argv) try {
  if (argc > 1 && std::string_view(argv[1]) == "migrate")
    return migrate::cli::run<clinic::registry>(argc - 1, argv + 1, {.program = "clinic migrate"});

  auto report = migrate::upgrade_all<clinic::registry>();
  std::printf("applied %zu migration(s) in %lld ms\n", report.steps.size(),
              static_cast<long long>(report.duration.count()));

  const int medications = migrate::with_database(migrate::database_url_from_environment(), [](auto& store) {
    if constexpr (requires { store.session().template query_value<int>("SELECT 1"); })
      return store.session().template query_value<int>("SELECT count(*) FROM medications").value_or(0);
    else
      return -1;  // not a SQL database
  });
  std::printf("clinic has %d medications\n", medications);
  return 0;
} catch (const migrate::error& e) {
  std::fprintf(stderr, "clinic: %s\n", e.what());
  return 1;
}
