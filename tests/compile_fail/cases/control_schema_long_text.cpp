// Control: a typed migration whose SQL outgrows the renderer's draft (schema/migration.hpp renders every text into
// an 8 KB draft, then copies it; longer texts are measured and written in two passes) renders the same text.
// expect: compiles
#include <migrate/migrate.hpp>
#include <migrate/schema.hpp>

#define MIGRATE_CF_X10(s) s s s s s s s s s s
// 1000 statements of 32 characters: 32 000 characters of upgrade, as many of downgrade.
#define MIGRATE_CF_LONG MIGRATE_CF_X10(MIGRATE_CF_X10(MIGRATE_CF_X10("UPDATE t SET a = 1 WHERE b = 2;\n")))

MIGRATE_SCHEMA_MIGRATION(long_text, .revision = "aaa", .description = "long SQL between typed operations") {
  static constexpr auto ops = operations(create_table("t", column("a", integer), column("b", integer)),
                                         execute(MIGRATE_CF_LONG, MIGRATE_CF_LONG));
};

using registry = migrate::registry<long_text>;
static_assert(registry::verified);
constexpr std::string_view create = "CREATE TABLE t (\n  a INTEGER,\n  b INTEGER\n);\n";
constexpr std::string_view statement = "UPDATE t SET a = 1 WHERE b = 2;\n";
template <migrate::dialect D>
constexpr bool long_text_rendered() {
  const auto& m = registry::migrations_for<D>()[0];
  if (m.up_sql.size() != create.size() + 1000 * statement.size() || !m.up_sql.starts_with(create)) return false;
  for (std::size_t k = 0; k < 1000; ++k)
    if (m.up_sql.substr(create.size() + k * statement.size(), statement.size()) != statement) return false;
  return m.down_sql.starts_with(statement) && m.down_sql.ends_with("DROP TABLE t;\n") &&
         m.down_sql.size() == 1000 * statement.size() + 14 && m.up_sql.data()[m.up_sql.size()] == '\0';
}
static_assert(long_text_rendered<migrate::dialect::sqlite>());
static_assert(long_text_rendered<migrate::dialect::postgresql>());
