// Rule: .revises names each parent once.
// expect: duplicate_down_revision<merge,
// expect-GNU: "bbb"
// expect: this migration's \.revises names the same revision twice
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(left, .revision = "bbb", .revises = "aaa", .description = "left", .up = "SELECT 1", .down = "SELECT 1");
MIGRATE_SQL_MIGRATION(merge, .revision = "ccc", .revises = {"bbb", "bbb"}, .description = "merge", .up = "SELECT 1", .down = "SELECT 1");

using registry = migrate::registry<root, left, merge>;
static_assert(registry::verified);
