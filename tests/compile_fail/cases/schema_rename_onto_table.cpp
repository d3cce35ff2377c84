// Rule: rename_table onto an existing table.
// expect: table_exists<change, 1,
// expect-GNU: "users"
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "aaa", .description = "create users") {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("email", varchar(255)).not_null().unique()),
      create_index("ix_users_email", "users", "email"),
      add_unique("uq_users_email", "users", "email"));
};
MIGRATE_SCHEMA_MIGRATION(change, .revision = "bbb", .revises = "aaa", .description = "change") {
  static constexpr auto ops = operations(create_table("people", column("id", auto_id)), rename_table("people", "users"));
};

using registry = migrate::registry<create_users, change>;
static_assert(registry::verified);
