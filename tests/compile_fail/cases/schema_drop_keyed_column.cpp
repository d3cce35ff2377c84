// Rule: a derived downgrade must undo what the upgrade did; dropping a column an index uses drops the index with it,
// and re-adding the column would not bring the index back.
// expect: dropped_keyed_column<drop_phone, 0,
// expect-GNU: "phone"
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "aaa", .description = "create users") {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("phone", varchar(20))),
      create_index("ix_users_phone", "users", "phone"));
};
MIGRATE_SCHEMA_MIGRATION(drop_phone, .revision = "bbb", .revises = "aaa", .description = "drop phone") {
  static constexpr auto ops = operations(drop_column("users", column("phone", varchar(20))));
};

using registry = migrate::registry<create_users, drop_phone>;
static_assert(registry::verified);
