// Rule: every id in .revises is declared by a migration of the registry; the missing id is named.
// expect: missing_down_revision<orphan,
// expect-GNU: "zzz"
// expect: this migration's \.revises names a revision that no migration in the registry declares
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(child, .revision = "bbb", .revises = "aaa", .description = "child", .up = "SELECT 1", .down = "SELECT 1");
MIGRATE_SQL_MIGRATION(orphan, .revision = "ccc", .revises = "zzz", .description = "orphan", .up = "SELECT 1", .down = "SELECT 1");

using registry = migrate::registry<orphan, child, root>;
static_assert(registry::verified);
