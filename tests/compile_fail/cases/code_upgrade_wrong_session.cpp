// Rule: a code migration's upgrade() accepts the store's session type.
// expect: step_binding<seed, migrate::(v[0-9_]+::)?sqlite::session,
// expect: this code migration needs `static void upgrade\(Session&\)` accepting the store's session type
#include <migrate/migrate.hpp>

struct some_other_session {};

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_CODE_MIGRATION(seed, .revision = "bbb", .revises = "aaa", .description = "seed") {
  static void upgrade(some_other_session&) {}
  static void downgrade(migrate::sqlite::session&) {}
};

using registry = migrate::registry<seed, root>;
static_assert(registry::verified);

void run(migrate::sqlite::store& store) { migrate::upgrade_all<registry>(store); }
