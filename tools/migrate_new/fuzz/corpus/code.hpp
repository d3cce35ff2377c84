/* MIGRATE_SQL_MIGRATION(fake, .revision = "z") */
namespace app::db { inline namespace v1 {
MIGRATE_CODE_MIGRATION(m_seed, .revision = "a", .revises = "b") {
  static void upgrade(migrate::sqlite::session& db) { db.execute('}', 1'000); }
};
} }
