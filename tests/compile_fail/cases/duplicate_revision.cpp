// Rule: no two migrations declare the same .revision; both types are named.
// expect: duplicate_revision<copy_of_second, second,
// expect-GNU: "bbb"
// expect: two migrations declare the same \.revision
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(first, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(second, .revision = "bbb", .revises = "aaa", .description = "second", .up = "SELECT 1", .down = "SELECT 1");
MIGRATE_SQL_MIGRATION(copy_of_second, .revision = "bbb", .revises = "aaa", .description = "copy", .up = "SELECT 2", .down = "SELECT 2");

using registry = migrate::registry<first, second, copy_of_second>;
static_assert(registry::verified);
