#pragma once
// A small chain of typed schema migrations, as an application writes them: users (auto id, unique email, boolean
// default), a nullable column and a unique constraint added later, every portable type, and a table with a foreign
// key and an index.

#include <migrate/core.hpp>
#include <migrate/schema.hpp>

namespace typed_chain {

MIGRATE_SCHEMA_MIGRATION(create_users, .revision = "a1a1a1a1a1a1", .description = "create users",
                         .created = "2026-11-30 09:00:00") {
  static constexpr auto ops = operations(
      create_table("users", column("id", auto_id), column("email", varchar(255)).not_null().unique(),
                   column("hashed_password", text).not_null(), column("is_active", boolean).not_null().default_value(true),
                   column("created_at", timestamp_tz).not_null().default_now()));
};

MIGRATE_SCHEMA_MIGRATION(add_phone, .revision = "b2b2b2b2b2b2", .revises = "a1a1a1a1a1a1",
                         .description = "add phone number to user table", .created = "2026-11-30 09:10:00") {
  static constexpr auto ops = operations(add_column("users", column("phone", varchar(20))),
                                         add_unique("uq_users_phone", "users", "phone"));
};

MIGRATE_SCHEMA_MIGRATION(create_samples, .revision = "c3c3c3c3c3c3", .revises = "b2b2b2b2b2b2",
                         .description = "one column of every portable type", .created = "2026-11-30 09:20:00") {
  static constexpr auto ops = operations(create_table(
      "samples", column("id", auto_id), column("i", integer), column("b", bigint), column("flag", boolean),
      column("t", text), column("v", varchar(40)), column("n", numeric(10, 2)), column("r", real), column("d", date),
      column("ts", timestamp), column("tz", timestamp_tz), column("u", uuid), column("j", json), column("raw", bytes)));
};

MIGRATE_SCHEMA_MIGRATION(create_doses, .revision = "d4d4d4d4d4d4", .revises = "c3c3c3c3c3c3",
                         .description = "create doses", .created = "2026-11-30 09:30:00") {
  static constexpr auto ops = operations(
      create_table("doses", column("id", auto_id),
                   column("user_id", integer).not_null().references("users", "id", "CASCADE"),
                   column("amount", numeric(10, 2)).not_null(), column("taken_at", timestamp_tz).not_null()),
      create_index("ix_doses_user_taken", "doses", {"user_id", "taken_at"}));
};

using registry = migrate::registry<create_users, add_phone, create_samples, create_doses>;

// The same start, then raw SQL the model cannot see into: it may have changed users and made tables of its own.
MIGRATE_SQL_MIGRATION(raw_notes, .revision = "e5e5e5e5e5e5", .revises = "a1a1a1a1a1a1", .description = "raw notes",
                      .created = "2026-11-30 09:40:00", .up = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);",
                      .down = "DROP TABLE notes;");
using with_raw_sql = migrate::registry<create_users, raw_notes>;

// No typed migration at all: nothing to compare with.
MIGRATE_SQL_MIGRATION(raw_only, .revision = "f6f6f6f6f6f6", .description = "raw only", .created = "2026-11-30 09:50:00",
                      .up = "CREATE TABLE things (id INTEGER PRIMARY KEY);", .down = "DROP TABLE things;");
using untyped = migrate::registry<raw_only>;

}  // namespace typed_chain

namespace typed_chain {

// A foreign key added later (SQLite rebuilds the table for it; PostgreSQL adds the constraint).
MIGRATE_SCHEMA_MIGRATION(plain_doses, .revision = "a7a7a7a7a7a7", .revises = "a1a1a1a1a1a1",
                         .description = "doses without a foreign key", .created = "2026-11-30 10:00:00") {
  static constexpr auto ops = operations(
      create_table("doses", column("id", auto_id), column("user_id", integer).not_null()));
};
MIGRATE_SCHEMA_MIGRATION(doses_fk, .revision = "b8b8b8b8b8b8", .revises = "a7a7a7a7a7a7",
                         .description = "doses reference users", .created = "2026-11-30 10:10:00") {
  static constexpr auto ops = operations(add_foreign_key("fk_doses_user", "doses", "user_id", "users"));
};
using key_added_later = migrate::registry<create_users, plain_doses, doses_fk>;
// The same key for PostgreSQL only: SQLite's model leaves it out.
MIGRATE_SCHEMA_MIGRATION(doses_fk_postgres, .revision = "b8b8b8b8b8b8", .revises = "a7a7a7a7a7a7",
                         .description = "doses reference users (PostgreSQL)", .created = "2026-11-30 10:10:00",
                         .only = migrate::dialect::postgresql) {
  static constexpr auto ops = operations(add_foreign_key("fk_doses_user", "doses", "user_id", "users"));
};
using postgres_only_key = migrate::registry<create_users, plain_doses, doses_fk_postgres>;

// One chain for SQLite in development and PostgreSQL in production: a plpgsql trigger (raw SQL, skipped on SQLite,
// so SQLite's model stays sure of users) and a column only PostgreSQL gets (typed, skipped on SQLite), then a change
// SQLite makes by rebuilding users, which must not copy the column SQLite never got.
MIGRATE_SQL_MIGRATION(touch_users, .revision = "c9c9c9c9c9c9", .revises = "a1a1a1a1a1a1",
                      .description = "keep is_active on update (PostgreSQL trigger)", .created = "2026-11-30 10:20:00",
                      .up = R"sql(
CREATE FUNCTION keep_active() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.is_active := coalesce(NEW.is_active, true); RETURN NEW; END $$;
CREATE TRIGGER users_keep_active BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION keep_active();
)sql",
                      .down = "DROP TRIGGER users_keep_active ON users; DROP FUNCTION keep_active();",
                      .sqlite = migrate::skip);
MIGRATE_SCHEMA_MIGRATION(add_search, .revision = "dadadadadada", .revises = "c9c9c9c9c9c9",
                         .description = "search text (PostgreSQL)", .created = "2026-11-30 10:30:00",
                         .sqlite = migrate::skip) {
  static constexpr auto ops = operations(add_column("users", column("search", text)));
};
MIGRATE_SCHEMA_MIGRATION(loosen_password, .revision = "ebebebebebeb", .revises = "dadadadadada",
                         .description = "hashed_password optional", .created = "2026-11-30 10:40:00") {
  static constexpr auto ops = operations(alter_column("users", "hashed_password").nullable(true));
};
using skipping = migrate::registry<create_users, touch_users, add_search, loosen_password>;

}  // namespace typed_chain
