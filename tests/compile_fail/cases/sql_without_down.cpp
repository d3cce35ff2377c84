// Rule: a SQL migration has a .down unless it is declared .irreversible.
// expect: migration_spec_requirements<no_down,
// expect: this SQL migration has no \.down
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(no_down, .revision = "bbb", .revises = "aaa", .description = "one way", .up = "ALTER TABLE t ADD y");

using registry = migrate::registry<root, no_down>;
static_assert(registry::verified);
