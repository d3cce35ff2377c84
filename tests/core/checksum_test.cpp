#include <catch2/catch.hpp>

#include <migrate/core/checksum.hpp>

TEST_CASE("checksums are FNV-1a 64 over normalised text", "[checksum]") {
  STATIC_REQUIRE(migrate::sql_checksum("") == 0xcbf29ce484222325ull);
  STATIC_REQUIRE(migrate::sql_checksum("a") == 0xaf63dc4c8601ec8cull);  // published FNV-1a test vector
  STATIC_REQUIRE(migrate::sql_checksum("x\r\ny") == migrate::sql_checksum("x\ny"));
  STATIC_REQUIRE(migrate::sql_checksum("x\ry") == migrate::sql_checksum("x\ny"));
  STATIC_REQUIRE(migrate::sql_checksum("x\r\n\r\ny") == migrate::sql_checksum("x\n\ny"));
  STATIC_REQUIRE(migrate::sql_checksum("x\ny") != migrate::sql_checksum("x y"));
  constexpr auto text = migrate::sql_checksum_text("a");
  CHECK(std::string(text.data(), text.size()) == "af63dc4c8601ec8c");
}
