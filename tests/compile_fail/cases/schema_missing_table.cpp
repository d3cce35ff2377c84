// Rule: an operation on a table no earlier migration creates fails, naming the table.
// expect: missing_table<change, 0,
// expect-GNU: "patients"
// expect: works on a table \(see Table\) that no earlier migration creates
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "aaa", .description = "create users") {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("email", varchar(255)).not_null().unique()),
      create_index("ix_users_email", "users", "email"),
      add_unique("uq_users_email", "users", "email"));
};
MIGRATE_SCHEMA_MIGRATION(change, .revision = "bbb", .revises = "aaa", .description = "change") {
  static constexpr auto ops = operations(add_column("patients", column("phone", varchar(20))));
};

using registry = migrate::registry<create_users, change>;
static_assert(registry::verified);
