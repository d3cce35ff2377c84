// Rule: create_table of a table that exists at that point of the chain.
// expect: table_exists<change, 0,
// expect-GNU: "users"
// expect: creates \(or renames to\) a table that exists
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "aaa", .description = "create users") {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("email", varchar(255)).not_null().unique()),
      create_index("ix_users_email", "users", "email"),
      add_unique("uq_users_email", "users", "email"));
};
MIGRATE_SCHEMA_MIGRATION(change, .revision = "bbb", .revises = "aaa", .description = "change") {
  static constexpr auto ops = operations(create_table("users", column("id", auto_id)));
};

using registry = migrate::registry<create_users, change>;
static_assert(registry::verified);
