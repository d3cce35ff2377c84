// Rule: one migration is the root (no .revises); here all three revise each other.
// expect: no_root<
// expect: no migration is a root
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(a, .revision = "aaa", .revises = "ccc", .description = "a", .up = "SELECT 1", .down = "SELECT 1");
MIGRATE_SQL_MIGRATION(b, .revision = "bbb", .revises = "aaa", .description = "b", .up = "SELECT 1", .down = "SELECT 1");
MIGRATE_SQL_MIGRATION(c, .revision = "ccc", .revises = "bbb", .description = "c", .up = "SELECT 1", .down = "SELECT 1");

using registry = migrate::registry<a, b, c>;
static_assert(registry::verified);
