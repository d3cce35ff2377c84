// Rule: a .revision is 1 to 64 ASCII letters, digits, '_', '-' or '.'.
// expect: malformed_revision<spaced,
// expect-GNU: "has space"
// expect: this migration's \.revision is malformed
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(spaced, .revision = "has space", .revises = "aaa", .description = "bad id", .up = "SELECT 1", .down = "SELECT 1");

using registry = migrate::registry<root, spaced>;
static_assert(registry::verified);
