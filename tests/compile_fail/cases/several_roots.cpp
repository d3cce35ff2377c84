// Rule: only one migration omits .revises; both roots are named.
// expect: several_roots<second_root, first_root,
// expect-GNU: "ccc"
// expect: more than one root migration
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(first_root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(child, .revision = "bbb", .revises = "aaa", .description = "child", .up = "SELECT 1", .down = "SELECT 1");
MIGRATE_SQL_MIGRATION(second_root, .revision = "ccc", .description = "forgot .revises", .up = "SELECT 1", .down = "SELECT 1");

using registry = migrate::registry<first_root, child, second_root>;
static_assert(registry::verified);
