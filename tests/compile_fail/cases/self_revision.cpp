// Rule: a migration may not revise itself.
// expect: cycle<narcissus,
// expect-GNU: "bbb"
// expect: no migration may revise itself
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(narcissus, .revision = "bbb", .revises = {"aaa", "bbb"}, .description = "self", .up = "SELECT 1", .down = "SELECT 1");

using registry = migrate::registry<root, narcissus>;
static_assert(registry::verified);
