// Control for schema_column_exists and schema_index_exists: a table dropped and created again starts empty, so a
// later migration may add a column and an index of the names the dropped table had; the SQL the registry renders
// for the table created again lists its own columns only.
// expect: compiles
#include <migrate/core/registry.hpp>
#include <migrate/schema.hpp>

MIGRATE_SCHEMA_MIGRATION(create_visits, .revision = "aaa", .description = "create visits") {
  static constexpr auto ops = operations(create_table("visits", column("id", auto_id), column("note", text)),
                                         create_index("ix_visits_note", "visits", "note"));
};
MIGRATE_SCHEMA_MIGRATION(drop_visits, .revision = "bbb", .revises = "aaa", .description = "drop visits",
                         .irreversible = true) {
  static constexpr auto ops = operations(drop_table("visits"));
};
MIGRATE_SCHEMA_MIGRATION(recreate_visits, .revision = "ccc", .revises = "bbb", .description = "visits again") {
  static constexpr auto ops = operations(create_table("visits", column("id", auto_id), column("taken_at", timestamp)));
};
MIGRATE_SCHEMA_MIGRATION(note_again, .revision = "ddd", .revises = "ccc", .description = "a note again") {
  static constexpr auto ops = operations(add_column("visits", column("note", varchar(40))),
                                         create_index("ix_visits_note", "visits", "note"));
};

using registry = migrate::registry<create_visits, drop_visits, recreate_visits, note_again>;
static_assert(registry::verified);
static_assert(registry::migrations_for<migrate::dialect::postgresql>()[2].up_sql.find("note") ==
              std::string_view::npos);
static_assert(registry::migrations_for<migrate::dialect::sqlite>()[3].up_sql.starts_with(
    "ALTER TABLE visits ADD COLUMN note"));
