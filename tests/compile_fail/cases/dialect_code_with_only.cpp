// Rule: code migrations are bound to stores by their session type, not by dialect declarations.
// expect: migration_spec_requirements<seed,
// expect: a code migration is bound to stores by the session its upgrade\(\) takes; remove the dialect overrides and \.only
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_CODE_MIGRATION(seed, .revision = "bbb", .revises = "aaa", .description = "seed",
                       .only = migrate::dialect::sqlite) {
  template <class Session> static void upgrade(Session&) {}
  template <class Session> static void downgrade(Session&) {}
};

using registry = migrate::registry<root, seed>;
static_assert(registry::verified);
