// Rule: .irreversible = true and a .down contradict each other.
// expect: migration_spec_requirements<both,
// expect: declares \.irreversible = true and also a \.down
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(both, .revision = "bbb", .revises = "aaa", .description = "undecided", .up = "DELETE FROM t",
                      .down = "SELECT 1", .irreversible = true);

using registry = migrate::registry<root, both>;
static_assert(registry::verified);
