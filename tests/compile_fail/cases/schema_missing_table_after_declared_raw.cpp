// Rule: raw SQL that declares what it touches (.touches) keeps the model judging every other table: an operation on
// a table neither typed migrations nor the raw SQL's declaration made still fails, naming the table.
// expect: missing_table<change, 0,
// expect-GNU: "patients"
// expect: works on a table \(see Table\) that no earlier migration creates
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "aaa", .description = "create users") {
  static constexpr auto ops = operations(create_table("users", column("id", auto_id)));
};
MIGRATE_SQL_MIGRATION(seed, .revision = "bbb", .revises = "aaa", .description = "seed", .up = "INSERT INTO users DEFAULT VALUES",
                      .down = "DELETE FROM users", .touches = migrate::touches_nothing);
MIGRATE_SQL_MIGRATION(audit, .revision = "ccc", .revises = "bbb", .description = "audit", .up = "CREATE TABLE audit (id INTEGER)",
                      .down = "DROP TABLE audit", .touches = "audit");
MIGRATE_SCHEMA_MIGRATION(change, .revision = "ddd", .revises = "ccc", .description = "change") {
  static constexpr auto ops = operations(add_column("patients", column("mrn", text)));
};

using registry = migrate::registry<create_users, seed, audit, change>;
static_assert(registry::verified);
