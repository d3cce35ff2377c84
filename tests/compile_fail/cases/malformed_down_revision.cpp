// Rule: every id in .revises is a well-formed revision id.
// expect: malformed_down_revision<child,
// expect-GNU: "aaa/"
// expect: this migration's \.revises holds a malformed revision id
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(child, .revision = "bbb", .revises = "aaa/", .description = "child", .up = "SELECT 1", .down = "SELECT 1");

using registry = migrate::registry<root, child>;
static_assert(registry::verified);
