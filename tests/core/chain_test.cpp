#include <catch2/catch.hpp>

#include <migrate/core/chain.hpp>
#include <migrate/core/registry.hpp>

namespace {
MIGRATE_SQL_MIGRATION(a, .revision = "a", .description = "a", .up = "u", .down = "d");
MIGRATE_SQL_MIGRATION(b1, .revision = "b1", .revises = "a", .description = "b1", .up = "u", .down = "d");
MIGRATE_SQL_MIGRATION(b2, .revision = "b2", .revises = "a", .description = "b2", .up = "u", .down = "d");
MIGRATE_SQL_MIGRATION(m, .revision = "m", .revises = {"b1", "b2"}, .description = "m", .up = "u", .down = "d");
using reg = migrate::registry<m, b2, b1, a>;
}  // namespace

TEST_CASE("chain resolves revisions and prefixes and computes ancestry", "[chain]") {
  migrate::chain chain(reg::migrations());
  CHECK(chain.size() == 4);
  CHECK(chain[*chain.head()].revision == "m");
  CHECK(chain[chain.resolve("m")].revision == "m");
  CHECK_THROWS_WITH(chain.resolve("b"), Catch::Matchers::Contains("ambiguous"));
  auto b1 = chain.resolve("b1");
  auto ancestors = chain.ancestors_of(b1);
  CHECK(ancestors[chain.resolve("a")]);
  CHECK(ancestors[b1]);
  CHECK_FALSE(ancestors[chain.resolve("b2")]);
  CHECK_FALSE(ancestors[chain.resolve("m")]);
  std::vector<bool> applied(4, false);
  applied[chain.resolve("a")] = applied[b1] = applied[chain.resolve("b2")] = true;
  CHECK(chain.heads_of(applied).size() == 2);
}
