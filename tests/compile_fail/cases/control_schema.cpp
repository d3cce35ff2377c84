// Control: typed migrations that meet every rule compile, with derived downgrades; explicit .down, .irreversible,
// dialect overrides and .only make operations without inverse or without SQLite ALTER acceptable; a raw SQL
// migration in between makes the model stop judging what it may have changed (never a false error).
// expect: compiles
#include <migrate/migrate.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "aaa", .description = "create users") {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("email", varchar(255)).not_null().unique(),
                   column("is_active", boolean).not_null().default_value(true)),
      create_index("ix_users_email", "users", "email").unique());
};
MIGRATE_SCHEMA_MIGRATION(add_phone, .revision = "bbb", .revises = "aaa", .description = "add phone") {
  static constexpr auto ops = operations(add_column("users", column("phone", varchar(20))),
                                         rename_column("users", "phone", "phone_number"),
                                         drop_index(create_index("ix_users_email", "users", "email").unique()));
};
MIGRATE_SCHEMA_MIGRATION(purge_fax, .revision = "ccc", .revises = "bbb", .description = "drop a column", .irreversible = true) {
  static constexpr auto ops = operations(add_column("users", column("fax", text)), drop_column("users", "fax"));
};
MIGRATE_SCHEMA_MIGRATION(widen, .revision = "ddd", .revises = "ccc", .description = "widen email",
                         .sqlite = {.up = "SELECT 1", .down = "SELECT 1"}) {
  static constexpr auto ops = operations(alter_column("users", "email").type(text, varchar(255)));
};
MIGRATE_SQL_MIGRATION(raw, .revision = "eee", .revises = "ddd", .description = "raw SQL creates a table",
                      .up = "CREATE TABLE audit (id INTEGER)", .down = "DROP TABLE audit");
MIGRATE_SCHEMA_MIGRATION(after_raw, .revision = "fff", .revises = "eee", .description = "uses the raw table") {
  static constexpr auto ops = operations(add_column("audit", column("note", text)),
                                         execute("UPDATE audit SET note = 'x'", "SELECT 1"));
};
MIGRATE_SCHEMA_MIGRATION(pg_only, .revision = "ggg", .revises = "fff", .description = "postgres only",
                         .only = migrate::dialect::postgresql) {
  static constexpr auto ops = operations(alter_column("users", "email").nullable(true));
};

using registry = migrate::registry<create_users, add_phone, purge_fax, widen, raw, after_raw, pg_only>;
static_assert(registry::verified);
static_assert(registry::migrations_for<migrate::dialect::sqlite>()[1].down_sql.starts_with("CREATE UNIQUE INDEX ix_users_email ON users (email);\nALTER TABLE users RENAME COLUMN phone_number TO phone;"));
static_assert(!registry::migrations_for<migrate::dialect::sqlite>()[2].reversible);
static_assert(registry::migrations_for<migrate::dialect::sqlite>()[3].up_sql == "SELECT 1");
static_assert(registry::migrations_for<migrate::dialect::sqlite>()[6].up_sql.empty());
static_assert(migrate::can_run_on<registry, migrate::sqlite::store> == false);
void run(migrate::sqlite::store& store) { migrate::upgrade_all<migrate::registry<create_users, add_phone>>(store); }
