// Rule: no cycles. Here the loop a -> b -> c -> a hangs off the root: a is a merge of the root and c.
// expect: cycle<(a|b|c),
// expect: the chain has a cycle through this migration
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "root", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(a, .revision = "aaa", .revises = {"root", "ccc"}, .description = "a", .up = "SELECT 1", .down = "SELECT 1");
MIGRATE_SQL_MIGRATION(b, .revision = "bbb", .revises = "aaa", .description = "b", .up = "SELECT 1", .down = "SELECT 1");
MIGRATE_SQL_MIGRATION(c, .revision = "ccc", .revises = "bbb", .description = "c", .up = "SELECT 1", .down = "SELECT 1");

using registry = migrate::registry<c, b, a, root>;
static_assert(registry::verified);
