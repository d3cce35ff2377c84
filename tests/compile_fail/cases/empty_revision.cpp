// Rule: every migration has a non-empty .revision.
// expect: empty_revision<nameless,
// expect: this migration's \.revision is empty
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(nameless, .revision = "", .revises = "aaa", .description = "no id", .up = "SELECT 1", .down = "SELECT 1");

using registry = migrate::registry<root, nameless>;
static_assert(registry::verified);
