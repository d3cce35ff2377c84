// Rule: a SQL migration has an .up.
// expect: migration_spec_requirements<nothing_to_do,
// expect: this SQL migration's \.up is empty
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(nothing_to_do, .revision = "bbb", .revises = "aaa", .description = "empty", .down = "SELECT 1");

using registry = migrate::registry<root, nothing_to_do>;
static_assert(registry::verified);
