// Positive control: a sound chain of SQL and code migrations compiles through the same harness,
// registry and migrator alike (so the harness can tell success from failure).
// expect: compiles
#include <migrate/migrate.hpp>

MIGRATE_SQL_MIGRATION(create_users, .revision = "aaa", .description = "create users",
                      .up = "CREATE TABLE users(id INTEGER PRIMARY KEY)", .down = "DROP TABLE users");
MIGRATE_SQL_MIGRATION(add_phone, .revision = "bbb", .revises = "aaa", .description = "add phone",
                      .up = "ALTER TABLE users ADD phone TEXT", .down = "ALTER TABLE users DROP phone");
MIGRATE_CODE_MIGRATION(seed, .revision = "ccc", .revises = {"bbb"}, .description = "seed") {
  static void upgrade(migrate::sqlite::session& db) { db.execute_script("INSERT INTO users(id) VALUES (1)"); }
  static void downgrade(migrate::sqlite::session& db) { db.execute_script("DELETE FROM users"); }
};
MIGRATE_CODE_MIGRATION(purge, .revision = "ddd", .revises = "ccc", .description = "purge", .irreversible = true) {
  static void upgrade(migrate::sqlite::session& db) { db.execute_script("DELETE FROM users WHERE id > 1"); }
};
MIGRATE_SQL_MIGRATION(drop_old, .revision = "eee", .revises = "ddd", .description = "one way", .up = "SELECT 1",
                      .irreversible = true);

using registry = migrate::registry<seed, drop_old, add_phone, purge, create_users>;
static_assert(registry::verified);
static_assert(registry::size == 5);

void run(migrate::sqlite::store& store) {
  migrate::upgrade_all<registry>(store);
  migrate::migrator<registry, migrate::sqlite::store> m(store);
  m.downgrade(migrate::target::base());
}
