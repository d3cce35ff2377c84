// Rule: an index on a column the table does not have.
// expect: missing_column<change, 0,
// expect-GNU: "phone"
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "aaa", .description = "create users") {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("email", varchar(255)).not_null().unique()),
      create_index("ix_users_email", "users", "email"),
      add_unique("uq_users_email", "users", "email"));
};
MIGRATE_SCHEMA_MIGRATION(change, .revision = "bbb", .revises = "aaa", .description = "change") {
  static constexpr auto ops = operations(create_index("ix_phone", "users", {"email", "phone"}));
};

using registry = migrate::registry<create_users, change>;
static_assert(registry::verified);
