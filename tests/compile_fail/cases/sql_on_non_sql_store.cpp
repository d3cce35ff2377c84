// Rule: SQL migrations need a store whose session can execute SQL; toy::store's cannot.
// (control_toy_store.cpp proves the same store accepts code migrations.)
// expect: step_binding<add_column, toy::session,
// expect: this SQL migration cannot run on this store, whose session \(see Session\) cannot execute SQL
#include "toy_store.hpp"

MIGRATE_CODE_MIGRATION(root, .revision = "aaa", .description = "root") {
  static void upgrade(toy::session& s) { s.put("schema", "1"); }
  static void downgrade(toy::session& s) { s.data.erase("schema"); }
};
MIGRATE_SQL_MIGRATION(add_column, .revision = "bbb", .revises = "aaa", .description = "sql", .up = "ALTER TABLE t ADD y",
                      .down = "ALTER TABLE t DROP y");

using registry = migrate::registry<add_column, root>;
static_assert(registry::verified);  // the chain itself is fine

void run(toy::store& store) { migrate::upgrade_all<registry>(store); }
