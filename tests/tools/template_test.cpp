#include <migrate_new/error.hpp>
#include <migrate_new/templates.hpp>

#include <catch2/catch.hpp>

using namespace migrate_new;
using Catch::Matchers::Contains;

TEST_CASE("placeholders are replaced, $$ is a dollar, other dollars stay") {
  const template_values values = {{"revision", "abc"}, {"slug", "x_y"}};
  CHECK(render_template("r=${revision} s=${slug} ${revision}", values, "t") == "r=abc s=x_y abc");
  CHECK(render_template("cost: $$5, $HOME, $ end$", values, "t") == "cost: $5, $HOME, $ end$");
  CHECK(render_template("", values, "t").empty());
}

TEST_CASE("unknown and unterminated placeholders name the template line") {
  const template_values values = {{"revision", "abc"}};
  CHECK_THROWS_WITH(render_template("a\nb ${revison}", values, "my.hpp.in"),
                    Contains("my.hpp.in:2: unknown placeholder ${revison}; known: ${revision}"));
  CHECK_THROWS_WITH(render_template("\n\n${revision\n}", values, "my.hpp.in"),
                    Contains("my.hpp.in:3: '${' without a closing '}' on the same line"));
  CHECK_THROWS_AS(render_template("${", values, "t"), error);
}

TEST_CASE("the built-in templates use only documented placeholders") {
  const template_values values = {
      {"revision", ""},      {"down_revisions", ""}, {"revises", ""},        {"description", ""},
      {"description_literal", ""}, {"created", ""},  {"slug", ""},           {"struct_name", ""},
      {"namespace", ""},     {"file_name", ""},      {"store", ""},          {"session_type", ""},
      {"session_header", ""}};
  CHECK_NOTHROW(render_template(builtin_template(migration_kind::sql), values, "sql"));
  CHECK_NOTHROW(render_template(builtin_template(migration_kind::code), values, "code"));
  CHECK_THAT(std::string(builtin_template(migration_kind::sql)), Contains("MIGRATE_SQL_MIGRATION(${struct_name},"));
  CHECK_THAT(std::string(builtin_template(migration_kind::code)), Contains("MIGRATE_CODE_MIGRATION(${struct_name},"));
}
