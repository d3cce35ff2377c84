// Positive control for sql_on_non_sql_store: the toy store runs code migrations.
// expect: compiles
#include "toy_store.hpp"

MIGRATE_CODE_MIGRATION(root, .revision = "aaa", .description = "root") {
  static void upgrade(toy::session& s) { s.put("schema", "1"); }
  static void downgrade(toy::session& s) { s.data.erase("schema"); }
};
MIGRATE_CODE_MIGRATION(second, .revision = "bbb", .revises = "aaa", .description = "second") {
  static void upgrade(toy::session& s) { s.put("schema", "2"); }
  static void downgrade(toy::session& s) { s.put("schema", "1"); }
};

using registry = migrate::registry<second, root>;
static_assert(registry::verified);

void run(toy::store& store) { migrate::upgrade_all<registry>(store); }
