#include "test_support.hpp"

#include <migrate_new/error.hpp>
#include <migrate_new/header_parser.hpp>
#include <migrate_new/text.hpp>

#include <catch2/catch.hpp>

using namespace migrate_new;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

constexpr std::string_view sql_header = R"(// add phone number to users
//
// Revision ID: 3f2a9c1b7d4e
// Revises: 1a2b3c4d5e6f
// Create Date: 2026-11-22 10:00:00
#pragma once
#include <migrate/core/migration.hpp>

namespace migrations {

MIGRATE_SQL_MIGRATION(m_3f2a9c1b7d4e_add_phone_number,
    .revision = "3f2a9c1b7d4e",
    .revises = {"1a2b3c4d5e6f"},
    .description = "add phone number to users",
    .created = "2026-11-22 10:00:00",
    .up = R"sql(
ALTER TABLE users ADD COLUMN phone TEXT;
)sql",
    .down = R"sql(
ALTER TABLE users DROP COLUMN phone;
)sql");

}  // namespace migrations
)";

std::string parse_error_message(std::string_view text) {
  try {
    parse_migration_header(text, "m.hpp");
  } catch (const error& e) {
    return e.what();
  }
  FAIL("parsing succeeded");
  return {};
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("an SQL migration header yields its declaration") {
  const migration_header header = parse_migration_header(sql_header, "m.hpp");
  CHECK(header.kind == migration_kind::sql);
  CHECK(header.struct_name == "m_3f2a9c1b7d4e_add_phone_number");
  CHECK(header.qualified_name == "::migrations::m_3f2a9c1b7d4e_add_phone_number");
  CHECK(header.revision == "3f2a9c1b7d4e");
  CHECK(header.revises == std::vector<std::string>{"1a2b3c4d5e6f"});
  CHECK(header.description == "add phone number to users");
  CHECK(header.created == "2026-11-22 10:00:00");
  CHECK(header.line == 11);
}

TEST_CASE("a code migration in nested namespaces yields its qualified name") {
  const migration_header header = parse_migration_header(R"(
namespace app::db { namespace v2 {
namespace detail = ::std;
using namespace std;
MIGRATE_CODE_MIGRATION(m_seed,
    .revision = "aaa",
    .revises = {"x", "y",},
    .description = "seed" " data",
    .irreversible = true) {
  static void upgrade(migrate::sqlite::session& db) { if (true) { db.run("}"); } }
  static void downgrade(migrate::sqlite::session& db) {}
};
} }
)", "m.hpp");
  CHECK(header.kind == migration_kind::code);
  CHECK(header.qualified_name == "::app::db::v2::m_seed");
  CHECK(header.revises == std::vector<std::string>{"x", "y"});
  CHECK(header.description == "seed data");
}

TEST_CASE("a typed schema migration is found, with its body read past, and runs as SQL") {
  const migration_header header = parse_migration_header(R"(
namespace clinic {
MIGRATE_SCHEMA_MIGRATION(m_9b07e3f5a214_add_phone_number,
    .revision = "9b07e3f5a214",
    .revises = "4d1c8a2e9f70",
    .description = "add phone number to user table") {
  static constexpr auto ops = operations(add_column("users", column("phone_number", varchar(20))));
};
}
)", "m.hpp");
  CHECK(header.kind == migration_kind::sql);
  CHECK(header.qualified_name == "::clinic::m_9b07e3f5a214_add_phone_number");
  CHECK(header.revises == std::vector<std::string>{"4d1c8a2e9f70"});
  CHECK(header.description == "add phone number to user table");
}

TEST_CASE("per-dialect overrides and .only are read past (docs/schema.md)") {
  const migration_header header = parse_migration_header(R"hpp(
MIGRATE_SQL_MIGRATION(users, .revision = "b2", .revises = "a1", .description = "users",
    .up = "CREATE TABLE users (id INTEGER PRIMARY KEY)", .down = "DROP TABLE users",
    .sqlite = {.up = "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT)"},
    .postgresql = {.up = R"sql(CREATE TABLE users (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY))sql",
                   .down = "DROP TABLE users CASCADE"},
    .only = {migrate::dialect::sqlite, migrate::dialect::postgresql}, .in_transaction = true);
)hpp", "m.hpp");
  CHECK(header.revision == "b2");
  CHECK(header.revises == std::vector<std::string>{"a1"});
  CHECK(header.description == "users");
  CHECK(parse_migration_header(R"(MIGRATE_SQL_MIGRATION(a, .revision = "a", .up = "x", .only = migrate::dialect::postgresql);)",
                               "m.hpp").revision == "a");
  CHECK_THAT(parse_error_message(R"(MIGRATE_SQL_MIGRATION(a, .revision = "a", .postgresql = {.up = "x"}, .down = "y");)"),
             Contains(".down must come before .postgresql"));
}

TEST_CASE(".touches is read past, after .in_transaction (docs/schema.md)") {
  CHECK(parse_migration_header(R"(MIGRATE_SQL_MIGRATION(a, .revision = "a", .up = "x", .down = "y",
    .touches = migrate::touches_nothing);)", "m.hpp").revision == "a");
  CHECK(parse_migration_header(R"(MIGRATE_SQL_MIGRATION(a, .revision = "a", .up = "x", .down = "y",
    .in_transaction = false, .touches = {"audit", "users"});)", "m.hpp").revision == "a");
  CHECK_THAT(parse_error_message(R"(MIGRATE_SQL_MIGRATION(a, .revision = "a", .touches = "t", .up = "x");)"),
             Contains(".up must come before .touches"));
}

TEST_CASE("roots omit .revises or leave it empty; a single parent may be a plain string") {
  CHECK(parse_migration_header(R"(MIGRATE_SQL_MIGRATION(a, .revision = "a");)", "m.hpp").revises.empty());
  CHECK(parse_migration_header(R"(MIGRATE_SQL_MIGRATION(a, .revision = "a", .revises = {});)", "m.hpp").revises.empty());
  CHECK(parse_migration_header(R"(MIGRATE_SQL_MIGRATION(a, .revision = "a", .revises = "p");)", "m.hpp").revises ==
        std::vector<std::string>{"p"});
  CHECK(parse_migration_header(R"(MIGRATE_SQL_MIGRATION(a, .revision = "a",);)", "m.hpp").qualified_name == "::a");
}

TEST_CASE("escaped descriptions decode to the text they spell") {
  const auto header = parse_migration_header(
      R"(MIGRATE_SQL_MIGRATION(a, .revision = "a", .description = "q\"b\\n\n\t\x41\101\u00fc\U0001F600\?");)", "m.hpp");
  CHECK(header.description == "q\"b\\n\n\tAA\xc3\xbc\xf0\x9f\x98\x80?");
}

TEST_CASE("cpp_string_literal round-trips through the parser") {
  for (const std::string& description : std::vector<std::string>{"plain", "say \"hi\"", "C:\\dir\\", "what?\?/ */ /*", "ünï 日本 😀", "tab\there", "bad \xff\xfe bytes",
        std::string("nul\0inside", 10), "\x7f\x01 control", "digits after octal \x01" "123"}) {
    const std::string text = "MIGRATE_SQL_MIGRATION(a, .revision = \"a\", .description = " + cpp_string_literal(description) + ");";
    CHECK(parse_migration_header(text, "m.hpp").description == description);
  }
}

TEST_CASE("comments and raw strings holding macro text are not declarations") {
  const std::string decoys = R"cpp(// MIGRATE_SQL_MIGRATION(fake, .revision = "zzz");
/* MIGRATE_CODE_MIGRATION(fake2, .revision = "yyy") { }; */
// a comment continued by a backslash \
MIGRATE_SQL_MIGRATION(fake3, .revision = "xxx");
#define DECLARE MIGRATE_SQL_MIGRATION(fake4, .revision = "www")
constexpr const char* text = "MIGRATE_SQL_MIGRATION(fake5, .revision = \"vvv\")";
constexpr char quote = '"';
)cpp";
  const std::string hostile_body = replaced(std::string(sql_header), "ALTER TABLE users ADD COLUMN phone TEXT;",
                                            "MIGRATE_SQL_MIGRATION(evil, .revision = \"666\"); )\" } {");
  const auto header = parse_migration_header(decoys + hostile_body, "m.hpp");
  CHECK(header.revision == "3f2a9c1b7d4e");
  CHECK(header.struct_name == "m_3f2a9c1b7d4e_add_phone_number");
}

TEST_CASE("CRLF line ends and a UTF-8 byte order mark are read like plain text") {
  std::string crlf;
  for (const char c : sql_header) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  const auto header = parse_migration_header("\xEF\xBB\xBF" + crlf, "m.hpp");
  CHECK(header.revision == "3f2a9c1b7d4e");
  CHECK(header.line == 11);
  CHECK_THAT(parse_error_message("\xEF\xBB\xBF\r\n\r\n}\r\n"), StartsWith("m.hpp:3: "));
}

TEST_CASE("malformed headers are refused with file, line and reason") {
  const std::string header(sql_header);
  using error_case = std::pair<std::string, std::string>;
  const auto [text, expected] = GENERATE_COPY(values<error_case>({
      {"", "m.hpp:1: no MIGRATE_SQL_MIGRATION(...), MIGRATE_CODE_MIGRATION(...) or MIGRATE_SCHEMA_MIGRATION(...) declaration found"},
      {"// MIGRATE_SQL_MIGRATION(a, .revision = \"a\");", "m.hpp:1: no MIGRATE_SQL_MIGRATION"},
      {header + header, "m.hpp:34: a second migration declaration (the first is at line 11)"},
      {header.substr(0, header.find("\"1a2b")), "m.hpp:13: expected a string literal for .revises, found end of file"},
      {header.substr(0, header.find("ALTER TABLE users DROP")), "m.hpp:19: unterminated raw string literal: no )sql\" closes it"},
      {header.substr(0, header.rfind('}')), "m.hpp:9: this '{' is never closed (is the file truncated?)"},
      {header + "}", "m.hpp:24: '}' without a matching '{'"},
      {replaced(header, "\"add phone number to users\"", "\"add phone"), "m.hpp:14: unterminated string literal"},
      {replaced(header, "\"add phone number to users\"", "\"bad \\q\""), "m.hpp:14: unknown escape sequence '\\q'"},
      {replaced(header, "\"add phone number to users\"", "\"\\x100\""), "m.hpp:14: escape sequence out of range"},
      {replaced(header, "#pragma once", "/* never closed"), "m.hpp:6: unterminated /* comment"},
      {replaced(header, ".revision = \"3f2a9c1b7d4e\",\n", ""), "m.hpp:11: MIGRATE_SQL_MIGRATION(m_3f2a9c1b7d4e_add_phone_number, ...) has no .revision"},
      {replaced(header, "\"3f2a9c1b7d4e\",", "\"\","), "has an empty .revision"},
      {replaced(header, "\"3f2a9c1b7d4e\",", "REVISION,"), "m.hpp:12: expected a string literal for .revision, found 'REVISION'"},
      {replaced(header, ".created", ".made"), "m.hpp:15: unknown field .made; migrate::migration_spec has .revision, .revises,"},
      {replaced(header, ".created", ".description"), "m.hpp:15: .description is given twice"},
      {replaced(header, ".revises", ".in_transaction = false,\n    .revises"), "m.hpp:14: .revises must come before .in_transaction"},
      {replaced(header, ".revises = {\"1a2b3c4d5e6f\"}", ".revises = {\"a\" \"b\"; }"), "m.hpp:13: expected ',' or '}' in .revises, found ';'"},
      {replaced(header, ".revises = {", ".revises = ("), "m.hpp:13: expected \"id\" or {\"id\", ...} for .revises, found '('"},
      {replaced(header, "m_3f2a9c1b7d4e_add_phone_number,", "\"name\","), "m.hpp:11: MIGRATE_SQL_MIGRATION expects the migration's struct name first"},
      {replaced(header, ".revision =", "revision ="), "m.hpp:12: expected a designated initializer such as .revision"},
      {replaced(header, ".revision =", ".revision :"), "m.hpp:12: expected '=' after .revision, found ':'"},
      {replaced(header, "\"3f2a9c1b7d4e\",\n    .revises", "\"3f2a9c1b7d4e\"\n    .revises"), "m.hpp:13: expected ',' or ')' in MIGRATE_SQL_MIGRATION(...) opened at line 11, found '.'"},
      {replaced(header, ".created = \"2026-11-22 10:00:00\",", ".irreversible = yes,"), "m.hpp:15: expected true or false for .irreversible, found 'yes'"},
      {replaced(header, "namespace migrations {", "struct holder {"), "m.hpp:11: MIGRATE_SQL_MIGRATION must be at namespace scope, not inside the braces opened at line 9"},
      {replaced(header, "R\"sql(\nALTER", "R\"a b(\nALTER"), "m.hpp:16: raw string literal without a valid R\"delimiter( opening"},
      {"char c = 'x", "m.hpp:1: unterminated character literal"},
      {replaced(header, "{\"1a2b3c4d5e6f\"}", "{\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\"}"),
       "m.hpp:13: .revises names 9 revisions; a migration may name at most 8 (migrate::max_down_revisions)"},
  }));
  CAPTURE(text);
  CHECK_THAT(parse_error_message(text), Contains(expected));
}

TEST_CASE("every truncation of a header is parsed or refused, never a crash") {
  const std::string header = std::string(sql_header) + "MIGRATE_CODE_MIGRATION(m_x, .revision = \"x\") { };\n";
  for (std::size_t length = 0; length <= header.size(); ++length) {
    try {
      parse_migration_header(std::string_view(header).substr(0, length), "m.hpp");
    } catch (const error& e) {
      CHECK_THAT(e.what(), StartsWith("m.hpp:"));
    }
  }
}

TEST_CASE("bytes that are not C++ are refused, never a crash") {
  std::mt19937 random(20261122);
  for (int round = 0; round < 2000; ++round) {
    std::string text(sql_header);
    for (int edit = 0; edit < 4; ++edit)
      text[random() % text.size()] = static_cast<char>("\"'(){}\\/*R#\n\0x.,="[random() % 19]);
    try {
      parse_migration_header(text, "m.hpp");
    } catch (const error&) {
    }
  }
}
