// Users build with warnings on: every umbrella header, and designated initializers of every public options
// aggregate as users write them, compile cleanly under -Wall -Wextra -Wpedantic -Wshadow -Werror.
#include <migrate/cli.hpp>
#include <migrate/migrate.hpp>
#if defined(MIGRATE_WITH_POSTGRES)
#include <migrate/postgres.hpp>
#endif
#if defined(MIGRATE_WITH_FHIR)
#include <migrate/fhir.hpp>
#endif

namespace {
MIGRATE_SQL_MIGRATION(create_users, .revision = "a1", .description = "create users",
                      .up = "CREATE TABLE users (id INTEGER PRIMARY KEY)", .down = "DROP TABLE users");
MIGRATE_CODE_MIGRATION(seed, .revision = "a2", .revises = "a1", .description = "seed") {
  static void upgrade([[maybe_unused]] migrate::sqlite::session& db) {}
  static void downgrade([[maybe_unused]] migrate::sqlite::session& db) {}
};
using registry = migrate::registry<seed, create_users>;
}  // namespace

int main(int argc, char** argv) {
  migrate::run_options run{.single_transaction = true};
  migrate::sqlite::options sqlite{.state_table = "versions"};
  migrate::event event{.kind = migrate::event_kind::applied};
  migrate::applied_migration row{.revision = "a1"};
  migrate::cli::options cli{.program = "app migrate"};
  migrate::stamp_options repair{.forget_unknown = true};
  migrate::adopt_options adopt{.drop_foreign = true};
  migrate::foreign_state foreign{.tool = "alembic"};
  migrate::sqlite::options sqlite_options{.sync_once_per_run = false};
  (void)repair;
  (void)adopt;
  (void)foreign;
  (void)sqlite_options;
#if defined(MIGRATE_WITH_POSTGRES)
  migrate::postgres::options postgres{.state_table = "versions"};
  (void)postgres;
#endif
#if defined(MIGRATE_WITH_FHIR)
  migrate::fhir::store_options fhir{.base_url = "http://127.0.0.1:1/fhir"};
  (void)fhir;
#endif
  (void)run, (void)sqlite, (void)event, (void)row;
  if (argc > 1) return migrate::cli::run<registry>(argc - 1, argv + 1, cli);
  return 0;
}
