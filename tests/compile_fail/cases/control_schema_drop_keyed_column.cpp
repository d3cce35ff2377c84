// Control for schema_drop_keyed_column and schema_definition_differs*: dropping the index first (its downgrade
// recreates it), an explicit downgrade, an irreversible drop, and definitions named as the chain built them (after
// a rename) all compile.
// expect: compiles
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "aaa", .description = "create users") {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("phone", varchar(20)), column("fax", text),
                   column("pager", text)),
      create_index("ix_users_phone", "users", "phone"), create_index("ix_users_fax", "users", "fax"),
      create_index("ix_users_pager", "users", "pager"));
};
MIGRATE_SCHEMA_MIGRATION(drop_phone, .revision = "bbb", .revises = "aaa", .description = "drop phone") {
  static constexpr auto ops = operations(drop_index(create_index("ix_users_phone", "users", "phone")),
                                         drop_column("users", column("phone", varchar(20))));
};
MIGRATE_SCHEMA_MIGRATION(drop_fax, .revision = "ccc", .revises = "bbb", .description = "drop fax",
                         .down = "ALTER TABLE users ADD COLUMN fax TEXT; CREATE INDEX ix_users_fax ON users (fax)") {
  static constexpr auto ops = operations(drop_column("users", column("fax", text)));
};
MIGRATE_SCHEMA_MIGRATION(drop_pager, .revision = "ddd", .revises = "ccc", .description = "drop pager",
                         .irreversible = true) {
  static constexpr auto ops = operations(drop_column("users", "pager"));
};

MIGRATE_SCHEMA_MIGRATION(rename_users, .revision = "eee", .revises = "ddd", .description = "users are people") {
  static constexpr auto ops = operations(
      rename_table("users", "people"), add_column("people", column("nick", varchar(20)).not_null().default_("'x'")),
      create_table("notes", column("id", auto_id), column("person_id", integer)),
      add_foreign_key("fk_notes_person", "notes", "person_id", "people"));
};
MIGRATE_SCHEMA_MIGRATION(change_people, .revision = "fff", .revises = "eee", .description = "change people") {
  static constexpr auto ops = operations(
      alter_column("people", "nick").type(varchar(60), varchar(20)).nullable(true).default_("'y'", "'x'"),
      drop_constraint(add_foreign_key("fk_notes_person", "notes", "person_id", "people")));
};

using registry = migrate::registry<create_users, drop_phone, drop_fax, drop_pager, rename_users, change_people>;
static_assert(registry::verified);
static_assert(registry::migrations_for<migrate::dialect::sqlite>().size() == 6);
static_assert(registry::migrations_for<migrate::dialect::postgresql>().size() == 6);
