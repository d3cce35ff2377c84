// Users build with warnings on: every umbrella header, designated initializers of every public options aggregate as
// users write them, and typed schema migrations using every operation and column modifier (whose structs have no
// default member initialisers, docs/compile-time.md) compile cleanly under -Wall -Wextra -Wpedantic -Wshadow -Werror.
#include <migrate/cli.hpp>
#include <migrate/migrate.hpp>
#include <migrate/schema.hpp>
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
MIGRATE_SCHEMA_MIGRATION(typed_tables, .revision = "a3", .revises = "a2", .description = "typed tables") {
  static constexpr auto ops = operations(
      create_table("accounts", column("id", auto_id), column("email", varchar(255)).not_null().unique(),
                   column("active", boolean).default_value(true), column("score", numeric(10, 2)).default_("0"),
                   column("seen_at", timestamp_tz).default_now(), column("blob", bytes), column("doc", json)),
      create_table("notes", column("id", uuid).primary(), column("account_id", integer).references("accounts", "id", "CASCADE"),
                   column("body", text)),
      add_column("notes", column("taken_on", date)),
      create_index("ix_notes_taken_on", "notes", {"account_id", "taken_on"}).unique(),
      add_foreign_key("fk_notes_account", "notes", "account_id", "accounts").on_delete("SET NULL"),
      add_unique("uq_accounts_score", "accounts", "score"),
      add_check("ck_accounts_score", "accounts", "score >= 0"));
};
MIGRATE_SCHEMA_MIGRATION(typed_changes, .revision = "a4", .revises = "a3", .description = "typed changes") {
  static constexpr auto ops = operations(
      alter_column("accounts", "score").type(real, numeric(10, 2)).nullable(false).default_("1", "0"),
      rename_column("notes", "body", "text_body"),
      drop_index(create_index("ix_notes_taken_on", "notes", {"account_id", "taken_on"}).unique()),
      drop_constraint(add_check("ck_accounts_score", "accounts", "score >= 0")),
      drop_column("notes", column("taken_on", date)),
      rename_table("notes", "account_notes"),
      execute("UPDATE accounts SET active = active", "UPDATE accounts SET active = active"));
};
using registry = migrate::registry<seed, create_users, typed_changes, typed_tables>;
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
