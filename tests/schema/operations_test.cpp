// Typed operations (migrate/schema/operations.hpp): the column definitions an operation carries lie in its
// migration's pool, and what add_column, drop_column and alter_column say reaches the rendered upgrade and the derived
// downgrade unchanged (PostgreSQL, which ALTERs in place). Checked while compiling (static_assert) and at run time.
#include <string_view>

#include <catch2/catch.hpp>
#include <migrate/schema.hpp>

namespace {

using namespace std::string_view_literals;

MIGRATE_SCHEMA_MIGRATION(widen_users, .revision = "a1b2c3", .description = "widen users, dropping legacy",
                         .irreversible = true) {
  static constexpr auto ops = operations(
      alter_column("users", "email").type(text, varchar(255)).nullable(true).default_("'none'", "''"),
      add_column("users", column("phone", varchar(20)).default_("'x'")),
      drop_column("users", column("nick", varchar(30)).not_null()),
      drop_column("users", "legacy"));
};

constexpr const auto& ops = widen_users::ops.ops;

// alter_column: the new definition first, then the old one; the flags say which parts the migration sets.
static_assert(ops[0].columns.size() == 2);
static_assert(ops[0].change().sets_type && ops[0].change().knows_old_type);
static_assert(ops[0].change().type.family == migrate::schema::type_family::text);
static_assert(ops[0].change().old_type.family == migrate::schema::type_family::varchar);
static_assert(ops[0].change().old_type.length == 255);
static_assert(ops[0].change().sets_nullable && ops[0].change().nullable);
static_assert(ops[0].change().default_sql == "'none'" && ops[0].change().old_default_sql == "''");
// Its inverse reads the same pool the other way round.
static_assert(migrate::schema::detail::inverse(ops[0]).change().type.family == migrate::schema::type_family::varchar);
static_assert(!migrate::schema::detail::inverse(ops[0]).change().nullable);
static_assert(migrate::schema::detail::inverse(ops[0]).change().default_sql == "''");
// add_column and drop_column: their column; a drop_column that names none reads as no column.
static_assert(ops[1].column().name == "phone" && ops[1].column().default_sql == "'x'");
static_assert(ops[2].column().name == "nick" && !ops[2].column().nullable() && ops[2].has_definition);
static_assert(ops[3].columns.empty() && ops[3].column().name.empty() && !ops[3].reversible());

// A copy of the operations views its own pool.
constexpr bool copy_views_its_own_pool() {
  auto copy = widen_users::ops;
  return copy.ops[1].columns.data() == copy.pool + 2 && copy.ops[2].columns.data() == copy.pool + 3 &&
         copy.ops[1].column().name == "phone" && copy.ops[0].change().old_type.length == 255;
}
static_assert(copy_views_its_own_pool());

constexpr std::string_view upgrade =
    "ALTER TABLE users ALTER COLUMN email TYPE TEXT USING email::TEXT;\n"
    "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n"
    "ALTER TABLE users ALTER COLUMN email SET DEFAULT 'none';\n"
    "ALTER TABLE users ADD COLUMN phone VARCHAR(20) DEFAULT 'x';\n"
    "ALTER TABLE users DROP COLUMN nick;\n"
    "ALTER TABLE users DROP COLUMN legacy;\n"sv;
static_assert(widen_users::spec.postgresql.up == upgrade);

MIGRATE_SCHEMA_MIGRATION(widen_reversibly, .revision = "d4e5f6", .description = "widen users, reversibly") {
  static constexpr auto ops = operations(
      alter_column("users", "email").type(text, varchar(255)).nullable(true).default_("'none'", "''"),
      add_column("users", column("phone", varchar(20)).default_("'x'")),
      drop_column("users", column("nick", varchar(30)).not_null()));
};
constexpr std::string_view downgrade =
    "ALTER TABLE users ADD COLUMN nick VARCHAR(30) NOT NULL;\n"
    "ALTER TABLE users DROP COLUMN phone;\n"
    "ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(255) USING email::VARCHAR(255);\n"
    "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n"
    "ALTER TABLE users ALTER COLUMN email SET DEFAULT '';\n"sv;
static_assert(widen_reversibly::spec.postgresql.down == downgrade);

}  // namespace

TEST_CASE("an operation's columns lie in its migration's pool, and its texts render from them", "[schema]") {
  const auto& rendered = widen_reversibly::spec.postgresql;
  CHECK(rendered.up == upgrade.substr(0, upgrade.size() - "ALTER TABLE users DROP COLUMN legacy;\n"sv.size()));
  CHECK(rendered.down == downgrade);
  const auto change = ops[0].change();
  CHECK(change.old_type.length == 255);
  CHECK(change.default_sql == "'none'");
  CHECK(migrate::schema::detail::inverse(ops[0]).change().old_default_sql == "'none'");
  CHECK(ops[1].column().type.length == 20);
  CHECK(ops[3].column().name.empty());
  const auto copy = widen_users::ops;
  CHECK(copy.ops[1].columns.data() == copy.pool + 2);
  CHECK(copy.ops[1].column().name == "phone");
}
