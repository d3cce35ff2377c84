// Rule: a code migration does its work in upgrade()/downgrade(), not in .up/.down.
// expect: migration_spec_requirements<seed,
// expect: a code migration does its work in upgrade\(\)/downgrade\(\); remove \.up and \.down
#include <migrate/migrate.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_CODE_MIGRATION(seed, .revision = "bbb", .revises = "aaa", .description = "seed", .up = "INSERT INTO t VALUES (1)") {
  static void upgrade(migrate::sqlite::session&) {}
  static void downgrade(migrate::sqlite::session&) {}
};

using registry = migrate::registry<seed, root>;
static_assert(registry::verified);
