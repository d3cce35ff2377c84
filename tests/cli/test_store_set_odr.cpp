// Translation units built with and without MIGRATE_WITH_POSTGRES, linked into one executable (in both link orders:
// cli_store_set_odr_pg_first, cli_store_set_odr_sqlite_first), each keep their own upgrade_all(), with_database()
// and CLI: the store set is part of the functions' names, so the linker cannot keep one body for both.

#include <catch2/catch.hpp>

#include "odr_store_set.hpp"

TEST_CASE("a translation unit built with MIGRATE_WITH_POSTGRES opens postgresql:// URLs", "[odr]") {
  auto seen = odr_test::with_postgres();
  CHECK_THAT(seen.upgrade_error, Catch::Matchers::Contains("cannot connect to PostgreSQL"));
  CHECK(seen.cli_exit == 1);
  CHECK_THAT(seen.cli_error, Catch::Matchers::Contains("cannot connect to PostgreSQL"));
}

TEST_CASE("a translation unit built without it refuses them, in the same executable", "[odr]") {
  auto seen = odr_test::sqlite_only();
  CHECK_THAT(seen.upgrade_error, Catch::Matchers::Contains("which this build cannot open"));
  CHECK_THAT(seen.upgrade_error, !Catch::Matchers::Contains("postgresql://user:password@host"));
  CHECK(seen.cli_exit == 2);
  CHECK_THAT(seen.cli_error, Catch::Matchers::Contains("which this build cannot open"));
}
