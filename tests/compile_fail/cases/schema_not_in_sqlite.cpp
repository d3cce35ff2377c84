// Rule: an operation SQLite cannot ALTER needs .sqlite SQL or .only.
// expect: operation_not_in_dialect<change, 0,
// expect: migrate::(v[0-9_]+::)?dialect::sqlite
// expect: cannot be written in the dialect
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "aaa", .description = "create users") {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("email", varchar(255)).not_null().unique()),
      create_index("ix_users_email", "users", "email"),
      add_unique("uq_users_email", "users", "email"));
};
MIGRATE_SCHEMA_MIGRATION(change, .revision = "bbb", .revises = "aaa", .description = "change") {
  static constexpr auto ops = operations(alter_column("users", "email").type(text, varchar(255)));
};

using registry = migrate::registry<create_users, change>;
static_assert(registry::verified);
