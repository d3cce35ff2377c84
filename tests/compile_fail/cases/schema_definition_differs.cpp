// Rule: what a drop_* or alter_column says was there is what its derived downgrade restores, so it must be what the
// chain built: here the foreign key's table was renamed since, and re-adding it to "accounts" would fail.
// expect: definition_differs<drop_fk, 0,
// expect-GNU: "fk_entries_account"
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create, .revision = "aaa", .description = "accounts and entries") {
  static constexpr auto ops = operations(
      create_table("accounts", column("id", auto_id)),
      create_table("entries", column("id", auto_id), column("account_id", integer).not_null()),
      add_foreign_key("fk_entries_account", "entries", "account_id", "accounts"));
};
MIGRATE_SCHEMA_MIGRATION(rename, .revision = "bbb", .revises = "aaa", .description = "accounts are ledgers") {
  static constexpr auto ops = operations(rename_table("accounts", "ledgers"));
};
MIGRATE_SCHEMA_MIGRATION(drop_fk, .revision = "ccc", .revises = "bbb", .description = "drop the key") {
  static constexpr auto ops =
      operations(drop_constraint(add_foreign_key("fk_entries_account", "entries", "account_id", "accounts")));
};

using registry = migrate::registry<create, rename, drop_fk>;
static_assert(registry::verified);
