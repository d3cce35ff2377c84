// Rule: a code migration declared .irreversible = true has no downgrade(); fires in the migrator.
// expect: step_binding<purge, migrate::(v[0-9_]+::)?sqlite::session,
// expect: this code migration declares \.irreversible = true and also a downgrade\(\)
#include <migrate/migrate.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_CODE_MIGRATION(purge, .revision = "bbb", .revises = "aaa", .description = "purge", .irreversible = true) {
  static void upgrade(migrate::sqlite::session& db) { db.execute_script("DELETE FROM t"); }
  static void downgrade(migrate::sqlite::session&) {}
};

using registry = migrate::registry<purge, root>;
static_assert(registry::verified);

void run(migrate::sqlite::store& store) { migrate::upgrade_all<registry>(store); }
