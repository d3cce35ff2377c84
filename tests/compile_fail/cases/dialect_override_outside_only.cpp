// Rule: a migration limited to some dialects with .only gives no SQL for the others.
// expect: migration_spec_requirements<extension,
// expect: this SQL migration overrides the SQL of a dialect its \.only leaves out
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(extension, .revision = "bbb", .revises = "aaa", .description = "pgcrypto",
                      .up = "CREATE EXTENSION pgcrypto", .down = "DROP EXTENSION pgcrypto",
                      .sqlite = {.up = "SELECT 1", .down = "SELECT 1"}, .only = migrate::dialect::postgresql);

using registry = migrate::registry<root, extension>;
static_assert(registry::verified);
