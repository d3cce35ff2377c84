// The clinic demo: migrations run at startup on an embedded SQLite file (DATABASE_URL, default
// sqlite:///migrate.sqlite3), then the app uses the schema they built. `clinic migrate ...` is the
// migration command line (status, upgrade, downgrade, history, verify, ...).
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

  auto store = migrate::open_sqlite_store(migrate::database_url_from_environment());
  auto medications = store.session().query_value<int>("SELECT count(*) FROM medications").value_or(0);
  std::printf("clinic has %d medications\n", medications);
  return 0;
} catch (const migrate::error& e) {
  std::fprintf(stderr, "clinic: %s\n", e.what());
  return 1;
}
