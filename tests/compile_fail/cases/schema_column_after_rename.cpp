// Rule: a column renamed away is gone under its old name.
// expect: missing_column<change, 1,
// expect-GNU: "email"
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "aaa", .description = "create users") {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("email", varchar(255)).not_null().unique()),
      create_index("ix_users_email", "users", "email"),
      add_unique("uq_users_email", "users", "email"));
};
MIGRATE_SCHEMA_MIGRATION(change, .revision = "bbb", .revises = "aaa", .description = "change") {
  static constexpr auto ops = operations(rename_column("users", "email", "mail"), create_index("ix_email", "users", "email"));
};

using registry = migrate::registry<create_users, change>;
static_assert(registry::verified);
