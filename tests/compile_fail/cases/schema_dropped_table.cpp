// Rule: a table dropped earlier in the chain is gone.
// expect: missing_table<change, 1,
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
  static constexpr auto ops = operations(drop_table("users", column("id", auto_id), column("email", varchar(255)).not_null().unique()), add_column("users", column("x", text)));
};

using registry = migrate::registry<create_users, change>;
static_assert(registry::verified);
