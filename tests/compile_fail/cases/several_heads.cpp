// Rule: the chain has one head. After a git merge two migrations revise the same parent;
// both heads are named.
// expect: several_heads<(ours, theirs|theirs, ours),
// expect: migrate::(v[0-9_]+::)?registry: the chain has two heads
#include <migrate/core/registry.hpp>

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(base, .revision = "bbb", .revises = "aaa", .description = "base", .up = "SELECT 1", .down = "SELECT 1");
MIGRATE_SQL_MIGRATION(ours, .revision = "ccc", .revises = "bbb", .description = "our branch", .up = "SELECT 1", .down = "SELECT 1");
MIGRATE_SQL_MIGRATION(theirs, .revision = "ddd", .revises = "bbb", .description = "their branch", .up = "SELECT 2", .down = "SELECT 2");

using registry = migrate::registry<theirs, root, ours, base>;
static_assert(registry::verified);
