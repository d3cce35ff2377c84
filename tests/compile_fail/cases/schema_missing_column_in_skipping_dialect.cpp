// Rule: a dialect some migration runs nothing in (migrate::skip) has a model of its own, which must hold too: the
// index uses a column only PostgreSQL gets, so on SQLite it names a missing column.
// expect: missing_column<index_search, 0,
// expect-GNU: "search"
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "aaa", .description = "create users") {
  static constexpr auto ops = operations(create_table("users", column("id", auto_id), column("email", text)));
};
MIGRATE_SCHEMA_MIGRATION(add_search, .revision = "bbb", .revises = "aaa", .description = "search (PostgreSQL)",
                         .sqlite = migrate::skip) {
  static constexpr auto ops = operations(add_column("users", column("search", text)));
};
MIGRATE_SCHEMA_MIGRATION(index_search, .revision = "ccc", .revises = "bbb", .description = "index search") {
  static constexpr auto ops = operations(create_index("ix_users_search", "users", "search"));
};

using registry = migrate::registry<create_users, add_search, index_search>;
static_assert(registry::verified);
