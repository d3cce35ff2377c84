// Rule: a typed migration's upgrade is its operations; a portable .up beside them is refused.
// expect: up_with_operations<change>
// expect: upgrade is its operations; remove \.up
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "aaa", .description = "create users") {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("email", varchar(255)).not_null().unique()),
      create_index("ix_users_email", "users", "email"),
      add_unique("uq_users_email", "users", "email"));
};
MIGRATE_SCHEMA_MIGRATION(change, .revision = "bbb", .revises = "aaa", .description = "change", .up = "SELECT 1") {
  static constexpr auto ops = operations(add_column("users", column("phone", varchar(20))));
};

using registry = migrate::registry<create_users, change>;
static_assert(registry::verified);
