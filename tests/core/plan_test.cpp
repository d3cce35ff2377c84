#include <catch2/catch.hpp>

#include <migrate/core/plan.hpp>
#include <migrate/core/registry.hpp>

namespace {
MIGRATE_SQL_MIGRATION(a, .revision = "aa11", .description = "a", .up = "u", .down = "d");
MIGRATE_SQL_MIGRATION(b, .revision = "bb22", .revises = "aa11", .description = "b", .up = "u", .down = "d");
MIGRATE_SQL_MIGRATION(c, .revision = "bb33", .revises = "bb22", .description = "c", .up = "u", .down = "d");
using reg = migrate::registry<a, b, c>;

std::vector<std::size_t> positions(const std::vector<migrate::step>& steps) {
  std::vector<std::size_t> out;
  for (auto s : steps) out.push_back(s.position);
  return out;
}
}  // namespace

TEST_CASE("targets parse head, base, +N, -N and revisions", "[plan]") {
  CHECK(migrate::target::parse("head").what == migrate::target::kind::head);
  CHECK(migrate::target::parse("base").what == migrate::target::kind::base);
  CHECK(migrate::target::parse("+3").steps == 3);
  CHECK(migrate::target::parse("-2").steps == -2);
  CHECK(migrate::target::parse("aa1").revision == "aa1");
  for (auto bad : {"+", "-0", "+x", "-1a", ""}) CHECK_THROWS_AS(migrate::target::parse(bad), migrate::error);
}

TEST_CASE("plans select only what the target needs, in order", "[plan]") {
  migrate::chain chain(reg::migrations());
  std::vector<bool> none(3, false), first(3, false), all(3, true);
  first[0] = true;
  CHECK(positions(migrate::plan_upgrade(chain, none, migrate::target::head())) == std::vector<std::size_t>{0, 1, 2});
  CHECK(positions(migrate::plan_upgrade(chain, first, migrate::target::head())) == std::vector<std::size_t>{1, 2});
  CHECK(positions(migrate::plan_upgrade(chain, none, migrate::target::at("bb22"))) == std::vector<std::size_t>{0, 1});
  CHECK(positions(migrate::plan_upgrade(chain, none, migrate::target::relative(1))) == std::vector<std::size_t>{0});
  CHECK(migrate::plan_upgrade(chain, all, migrate::target::head()).empty());
  CHECK(positions(migrate::plan_downgrade(chain, all, migrate::target::relative(-1))) == std::vector<std::size_t>{2});
  CHECK(positions(migrate::plan_downgrade(chain, all, migrate::target::base())) == std::vector<std::size_t>{2, 1, 0});
  CHECK(positions(migrate::plan_downgrade(chain, all, migrate::target::at("aa11"))) == std::vector<std::size_t>{2, 1});
}

TEST_CASE("impossible plans are typed errors", "[plan]") {
  migrate::chain chain(reg::migrations());
  std::vector<bool> none(3, false), first(3, false);
  first[0] = true;
  auto invalid = Catch::Matchers::Predicate<migrate::error>(
      [](const migrate::error& e) { return e.code() == migrate::errc::invalid_target; });
  CHECK_THROWS_MATCHES(migrate::plan_upgrade(chain, none, migrate::target::relative(4)), migrate::error, invalid);
  CHECK_THROWS_MATCHES(migrate::plan_downgrade(chain, first, migrate::target::relative(-2)), migrate::error, invalid);
  CHECK_THROWS_MATCHES(migrate::plan_downgrade(chain, first, migrate::target::at("bb22")), migrate::error, invalid);
  CHECK_THROWS_MATCHES(migrate::plan_upgrade(chain, none, migrate::target::base()), migrate::error, invalid);
  CHECK_THROWS_WITH(migrate::plan_upgrade(chain, none, migrate::target::at("bb")),
                    Catch::Matchers::Contains("ambiguous"));
  CHECK_THROWS_WITH(migrate::plan_upgrade(chain, none, migrate::target::at("zz")),
                    Catch::Matchers::Contains("no migration has revision 'zz'"));
}
