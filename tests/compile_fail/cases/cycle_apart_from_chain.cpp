// Rule: no cycles, even one the root cannot reach: root -> a -> b is fine, x <-> y loop on their own.
// expect: cycle<(x|y),
// expect-GNU: "(xxx|yyy)"
// expect: the chain has a cycle through this migration
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "root", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(a, .revision = "aaa", .revises = "root", .description = "a", .up = "SELECT 1", .down = "SELECT 1");
MIGRATE_SQL_MIGRATION(b, .revision = "bbb", .revises = "aaa", .description = "b", .up = "SELECT 1", .down = "SELECT 1");
MIGRATE_SQL_MIGRATION(x, .revision = "xxx", .revises = "yyy", .description = "x", .up = "SELECT 1", .down = "SELECT 1");
MIGRATE_SQL_MIGRATION(y, .revision = "yyy", .revises = "xxx", .description = "y", .up = "SELECT 1", .down = "SELECT 1");

using registry = migrate::registry<root, a, b, x, y>;
static_assert(registry::verified);
