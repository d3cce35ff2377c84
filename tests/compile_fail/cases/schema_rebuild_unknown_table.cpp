// Rule: SQLite rebuilds a table for alter_column (and foreign keys / CHECKs) from the model; a table raw SQL may have
// changed since is not known exactly, so the migration needs its own .sqlite SQL or .only.
// expect: rebuild_of_unknown_table<change, 0,
// expect: migrate::(v[0-9_]+::)?dialect::sqlite
// expect: a raw SQL or C\+\+ migration earlier in the chain may have changed that table
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "aaa", .description = "create users") {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("email", varchar(255)).not_null()));
};
MIGRATE_SQL_MIGRATION(by_hand, .revision = "bbb", .revises = "aaa", .description = "by hand",
                      .up = "ALTER TABLE users ADD COLUMN nickname TEXT", .down = "ALTER TABLE users DROP COLUMN nickname");
MIGRATE_SCHEMA_MIGRATION(change, .revision = "ccc", .revises = "bbb", .description = "change") {
  static constexpr auto ops = operations(alter_column("users", "email").type(text, varchar(255)));
};

using registry = migrate::registry<create_users, by_hand, change>;
static_assert(registry::verified);
// The SQLite view is what renders the rebuild.
static_assert(registry::migrations_for<migrate::dialect::sqlite>().size() == 3);
