// Rule: a migration written for PostgreSQL only (a plpgsql trigger) cannot run on SQLite; the migrator says which.
// expect: no_sql_for_dialect<touch_trigger, migrate::(v[0-9_]+::)?dialect::sqlite>
// expect: this SQL migration has no SQL for the store's dialect \(see Dialect\)
#include <migrate/migrate.hpp>

MIGRATE_SQL_MIGRATION(items, .revision = "aaa", .description = "items",
                      .up = "CREATE TABLE items (id INTEGER PRIMARY KEY, touched TIMESTAMP)", .down = "DROP TABLE items");
MIGRATE_SQL_MIGRATION(touch_trigger, .revision = "bbb", .revises = "aaa", .description = "touch on update",
                      .postgresql = {.up = R"sql(
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.touched := now(); RETURN NEW; END $$;
CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
)sql",
                                     .down = "DROP TRIGGER items_touch ON items; DROP FUNCTION touch();"});

using registry = migrate::registry<items, touch_trigger>;
static_assert(registry::verified);  // the chain itself is fine
static_assert(!migrate::can_run_on<registry, migrate::sqlite::store>);

void run(migrate::sqlite::store& store) { migrate::upgrade_all<registry>(store); }
