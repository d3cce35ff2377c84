// Rule: every dialect a migration has SQL for has a downgrade too, unless it is declared .irreversible.
// expect: migration_spec_requirements<pg_view,
// expect: this SQL migration has no \.down \(for a dialect it has SQL for\)
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(pg_view, .revision = "bbb", .revises = "aaa", .description = "materialized view",
                      .postgresql = {.up = "CREATE MATERIALIZED VIEW v AS SELECT x FROM t"});

using registry = migrate::registry<root, pg_view>;
static_assert(registry::verified);
