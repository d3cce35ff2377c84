#include <migrate_new/text.hpp>

#include <catch2/catch.hpp>

using namespace migrate_new;

TEST_CASE("slugify keeps lowercase ASCII words joined by single underscores") {
  CHECK(slugify("Add phone number to users") == "add_phone_number_to_users");
  CHECK(slugify("  --Add   PHONE!! number__ ") == "add_phone_number");
  CHECK(slugify("über größe 2") == "ber_gr_e_2");
  CHECK(slugify("!!!").empty());
  CHECK(slugify("日本語").empty());
}

TEST_CASE("slugify truncates without a trailing underscore") {
  CHECK(slugify("abcdefghij klmnopqrst uvwxyzabcd efghijklm nopq") == "abcdefghij_klmnopqrst_uvwxyzabcd_efghijk");
  CHECK(slugify("abc def", 4) == "abc");
  CHECK(slugify(std::string(100, 'a')).size() == max_slug_length);
}

TEST_CASE("cpp_string_literal escapes what a C++ literal cannot hold verbatim") {
  CHECK(cpp_string_literal("plain") == "\"plain\"");
  CHECK(cpp_string_literal("say \"hi\"") == R"("say \"hi\"")");
  CHECK(cpp_string_literal("C:\\dir\\") == R"("C:\\dir\\")");
  CHECK(cpp_string_literal("a\nb\tc") == R"("a\nb\tc")");
  CHECK(cpp_string_literal("bell\a1") == R"("bell\0071")");
  CHECK(cpp_string_literal("what?\?/") == R"("what?\?/")");
  CHECK(cpp_string_literal("ünï") == "\"ünï\"");
  CHECK(cpp_string_literal("bad \xff byte") == R"("bad \377 byte")");
}

TEST_CASE("comment_text cannot end or extend a comment") {
  CHECK(comment_text("add users") == "add users");
  CHECK(comment_text("a */ b") == "a * / b");
  CHECK(comment_text("two\nlines") == "two lines");
  CHECK(comment_text("ends with \\") == "ends with");
  CHECK(comment_text("ends with \\ \\\\") == "ends with");
}

TEST_CASE("is_valid_utf8 rejects malformed sequences") {
  CHECK(is_valid_utf8("ascii"));
  CHECK(is_valid_utf8("ünï 日本 😀"));
  CHECK_FALSE(is_valid_utf8("\xff"));
  CHECK_FALSE(is_valid_utf8("\xc3"));          // truncated
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));      // overlong
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));  // surrogate
}

TEST_CASE("is_qualified_identifier accepts namespace names only") {
  CHECK(is_qualified_identifier("migrations"));
  CHECK(is_qualified_identifier("app::db_v2"));
  CHECK(is_qualified_identifier("_x"));
  CHECK_FALSE(is_qualified_identifier(""));
  CHECK_FALSE(is_qualified_identifier("2x"));
  CHECK_FALSE(is_qualified_identifier("::app"));
  CHECK_FALSE(is_qualified_identifier("app::"));
  CHECK_FALSE(is_qualified_identifier("app:db"));
  CHECK_FALSE(is_qualified_identifier("app db"));
  CHECK_FALSE(is_qualified_identifier("app-db"));
}
