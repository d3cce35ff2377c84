#include <catch2/catch.hpp>

#include <migrate/core/registry.hpp>
#include <migrate/core/validation.hpp>

namespace {
MIGRATE_SQL_MIGRATION(a, .revision = "a", .description = "a", .up = "create", .down = "drop");
MIGRATE_SQL_MIGRATION(b, .revision = "b", .revises = "a", .description = "b", .up = "alter", .down = "undo");
using reg = migrate::registry<a, b>;

// A well-formed row: the build's own checksum unless the test says otherwise.
migrate::applied_migration row(std::string revision, std::string checksum = "=", bool in_progress = false) {
  if (checksum == "=")
    for (const auto& m : reg::migrations())
      if (m.revision == revision) checksum = std::string(m.checksum);
  return {std::move(revision), "desc", std::move(checksum), "2026-01-01T00:00:00Z", 1, in_progress};
}
}  // namespace

TEST_CASE("inspect_state reports every disagreement", "[validation]") {
  migrate::chain chain(reg::migrations());
  CHECK(migrate::inspect_state(chain, {}).empty());
  CHECK(migrate::inspect_state(chain, {row("a"), row("b")}).empty());

  auto unknown = migrate::inspect_state(chain, {row("a"), row("zz9")});
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].code == migrate::errc::unknown_revision);
  CHECK(unknown[0].revision == "zz9");

  auto drift = migrate::inspect_state(chain, {row("a", "0000000000000000")});
  REQUIRE(drift.size() == 1);
  CHECK(drift[0].code == migrate::errc::checksum_mismatch);

  auto dirty = migrate::inspect_state(chain, {row("a"), row("b", "", true)});
  REQUIRE(dirty.size() == 1);
  CHECK(dirty[0].code == migrate::errc::dirty_state);

  auto gap = migrate::inspect_state(chain, {row("b")});
  REQUIRE(gap.size() == 1);
  CHECK(gap[0].code == migrate::errc::invalid_state);

  CHECK(migrate::inspect_state(chain, {row("a", "0000000000000000"), row("zz9"), row("b", "", true)}).size() == 3);
}

TEST_CASE("inspect_state reports a blank checksum and a malformed row instead of passing them", "[validation]") {
  migrate::chain chain(reg::migrations());
  auto blank = migrate::inspect_state(chain, {row("a", "")});
  REQUIRE(blank.size() == 1);
  CHECK(blank[0].code == migrate::errc::checksum_mismatch);
  CHECK_THAT(blank[0].message, Catch::Matchers::Contains("blank checksum"));

  auto odd = row("a");
  odd.problem = "in_progress is 7, where only 0 and 1 are written";
  auto malformed = migrate::inspect_state(chain, {odd});
  REQUIRE(malformed.size() == 1);
  CHECK(malformed[0].code == migrate::errc::invalid_state);
  CHECK_THAT(malformed[0].message, Catch::Matchers::Contains("in_progress is 7"));
}

TEST_CASE("validate_state throws the first finding as a typed error", "[validation]") {
  migrate::chain chain(reg::migrations());
  auto applied = migrate::validate_state(chain, {row("a")});
  CHECK(applied == std::vector<bool>{true, false});
  CHECK_THROWS_WITH(migrate::validate_state(chain, {row("x")}),
                    Catch::Matchers::Contains("database is at revision x which this build does not know"));
}
