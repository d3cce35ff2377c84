// Rule: a code migration has downgrade(Session&) unless it is declared .irreversible.
// The registry cannot know the session type, so this fires when the migrator is instantiated.
// expect: step_binding<seed, migrate::(v[0-9_]+::)?sqlite::session,
// expect: this code migration has no `static void downgrade\(Session&\)`
#include <migrate/migrate.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_CODE_MIGRATION(seed, .revision = "bbb", .revises = "aaa", .description = "seed") {
  static void upgrade(migrate::sqlite::session& db) { db.execute_script("INSERT INTO t VALUES (1)"); }
};

using registry = migrate::registry<seed, root>;
static_assert(registry::verified);  // the chain itself is fine

void run(migrate::sqlite::store& store) { migrate::upgrade_all<registry>(store); }
