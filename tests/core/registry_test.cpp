// Compile-time facts about sound chains; broken chains are covered by tests/compile_fail.
#include <catch2/catch.hpp>

#include <migrate/core/registry.hpp>

namespace {
MIGRATE_SQL_MIGRATION(root, .revision = "0001", .description = "root", .up = "u", .down = "d");
MIGRATE_SQL_MIGRATION(second, .revision = "0002", .revises = "0001", .description = "second", .up = "u2",
                      .down = "d2");
MIGRATE_SQL_MIGRATION(left, .revision = "0003a", .revises = "0002", .description = "left", .up = "u", .down = "d");
MIGRATE_SQL_MIGRATION(right, .revision = "0003b", .revises = "0002", .description = "right", .up = "u", .down = "d");
MIGRATE_SQL_MIGRATION(joined, .revision = "0004", .revises = {"0003a", "0003b"}, .description = "merge",
                      .up = "u", .down = "d");
MIGRATE_CODE_MIGRATION(code_step, .revision = "0005", .revises = "0004", .description = "code",
                       .irreversible = true, .in_transaction = false) {
  static void upgrade(int&) {}
};

using shuffled = migrate::registry<code_step, right, root, joined, second, left>;

constexpr std::size_t position(std::string_view revision) {
  for (std::size_t i = 0; i < shuffled::size; ++i)
    if (shuffled::migrations()[i].revision == revision) return i;
  return shuffled::size;
}
}  // namespace

TEST_CASE("a registry in any order yields its chain parents first", "[registry]") {
  STATIC_REQUIRE(shuffled::verified);
  STATIC_REQUIRE(shuffled::size == 6);
  STATIC_REQUIRE(shuffled::migrations().front().revision == "0001");
  STATIC_REQUIRE(shuffled::migrations().back().revision == "0005");
  STATIC_REQUIRE(position("0002") < position("0003a"));
  STATIC_REQUIRE(position("0003b") < position("0004"));
  STATIC_REQUIRE(position("0003a") < position("0004"));
}

TEST_CASE("migration_info carries the declaration", "[registry]") {
  constexpr auto merge = shuffled::migrations()[position("0004")];
  STATIC_REQUIRE(merge.down_revisions.size() == 2);
  STATIC_REQUIRE(merge.down_revisions[1] == "0003b");
  STATIC_REQUIRE(merge.kind == migrate::migration_kind::sql);
  STATIC_REQUIRE(merge.checksum.size() == 16);
  constexpr auto code = shuffled::migrations()[position("0005")];
  STATIC_REQUIRE(code.kind == migrate::migration_kind::code);
  STATIC_REQUIRE(code.checksum.empty());
  STATIC_REQUIRE_FALSE(code.reversible);
  STATIC_REQUIRE_FALSE(code.in_transaction);
  STATIC_REQUIRE(shuffled::chain_position(2) == 0);  // `root` was declared third
}

TEST_CASE("an empty registry is valid and has nothing to run", "[registry]") {
  STATIC_REQUIRE(migrate::registry<>::verified);
  STATIC_REQUIRE(migrate::registry<>::migrations().empty());
}

TEST_CASE("revision ids: letters, digits, _ - . and at most 64 characters", "[registry]") {
  STATIC_REQUIRE(migrate::is_valid_revision("3f2a9c1b7d4e"));
  STATIC_REQUIRE(migrate::is_valid_revision("20240101_120000-add.phone"));
  STATIC_REQUIRE_FALSE(migrate::is_valid_revision(""));
  STATIC_REQUIRE_FALSE(migrate::is_valid_revision("has space"));
  STATIC_REQUIRE_FALSE(migrate::is_valid_revision("naïve"));
  STATIC_REQUIRE_FALSE(migrate::is_valid_revision(std::string_view(
      "0123456789012345678901234567890123456789012345678901234567890123456789")));
}
