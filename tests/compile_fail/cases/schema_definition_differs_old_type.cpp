// Rule: alter_column(...).type(new, old) restores `old` on downgrade, so `old` must be the column's type now.
// expect: definition_differs<widen, 0,
// expect-GNU: "name"
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create, .revision = "aaa", .description = "users") {
  static constexpr auto ops = operations(create_table("users", column("id", auto_id), column("name", varchar(80))));
};
MIGRATE_SCHEMA_MIGRATION(widen, .revision = "bbb", .revises = "aaa", .description = "widen name") {
  static constexpr auto ops = operations(alter_column("users", "name").type(varchar(200), varchar(40)));
};

using registry = migrate::registry<create, widen>;
static_assert(registry::verified);
