#include "test_support.hpp"

#include <migrate_new/chain.hpp>
#include <migrate_new/cli.hpp>
#include <migrate_new/error.hpp>
#include <migrate_new/generator.hpp>
#include <migrate/core/version.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <sstream>
#include <sys/wait.h>

using namespace migrate_new;
using namespace migrate_new::test;
using Catch::Matchers::Contains;
using Catch::Matchers::Matches;

namespace {

struct outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs migrate-new in-process with exactly the environment variables in `variables`.
outcome run_tool(std::vector<std::string> arguments, std::map<std::string, std::string, std::less<>> variables = {}) {
  std::ostringstream out;
  std::ostringstream err;
  const environment env = [&](std::string_view name) -> std::optional<std::string> {
    const auto found = variables.find(name);
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
  const int code = run(arguments, env, out, err);
  return {code, out.str(), err.str()};
}

/// Runs the real executable through the shell in `working_directory`; returns its exit status.
int run_executable(const std::filesystem::path& working_directory, const std::string& environment_and_arguments) {
  const std::string command = "cd '" + working_directory.string() + "' && env -u MIGRATE_DIR -u MIGRATION_SCRIPTS_DIR " +
                              environment_and_arguments + " >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string executable() { return MIGRATE_NEW_EXECUTABLE; }

/// Every file of `dir` with its content, to show that a refusal wrote nothing.
std::map<std::string, std::string> snapshot(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    files[entry.path().filename().string()] = read_file(entry.path());
  return files;
}

const migration_file& only_new_file(const std::vector<migration_file>& before, const std::vector<migration_file>& after) {
  REQUIRE(after.size() == before.size() + 1);
  for (const migration_file& file : after) {
    const bool existed = std::any_of(before.begin(), before.end(), [&](const auto& old) { return old.file_name == file.file_name; });
    if (!existed) return file;
  }
  FAIL("no new file");
  return after.front();
}

/// Runs migrate-new in `dir` and returns the migration it added.
migration_file generate(const scratch_directory& dir, std::vector<std::string> arguments) {
  const auto before = read_migration_directory(dir.path());
  arguments.insert(arguments.end(), {"--dir", dir.path().string()});
  const outcome result = run_tool(arguments);
  INFO(result.err);
  REQUIRE(result.exit_code == exit_ok);
  return only_new_file(before, read_migration_directory(dir.path()));
}

}  // namespace

TEST_CASE("the first migration is the root and the next revises it") {
  scratch_directory dir;
  const migration_file root = generate(dir, {"create users"});
  CHECK(root.header.revises.empty());
  CHECK_THAT(root.header.revision, Matches("[0-9a-f]{12}"));
  CHECK(root.file_name == root.header.revision + "_create_users.hpp");
  CHECK(root.header.struct_name == "m_" + root.header.revision + "_create_users");
  CHECK(root.header.qualified_name == "::migrations::" + root.header.struct_name);
  CHECK(root.header.description == "create users");
  CHECK_THAT(root.header.created, Matches("20[0-9]{2}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]"));
  const std::string text = read_file(dir / root.file_name);
  CHECK_THAT(text, Contains("// create users\n//\n// Revision ID: " + root.header.revision + "\n// Revises: none\n// Create Date: "));
  CHECK_THAT(text, Contains(".revises = {},"));

  const migration_file second = generate(dir, {"add phone number to users"});
  CHECK(second.header.revises == std::vector<std::string>{root.header.revision});
  CHECK_THAT(read_file(dir / second.file_name), Contains("// Revises: " + root.header.revision + "\n"));
  // No index is created beside the headers (the build generates it in its tree); an existing one is kept current.
  CHECK_FALSE(std::filesystem::exists(dir / "index.hpp"));
  REQUIRE(run_tool({"index", "--dir", dir.path().string()}).exit_code == exit_ok);
  const migration_file third = generate(dir, {"add email to users"});
  CHECK_THAT(read_file(dir / "index.hpp"), Contains(third.header.qualified_name));
  CHECK_THAT(read_file(dir / "index.hpp"), Contains(root.header.qualified_name));
}

TEST_CASE("index --output writes the index elsewhere, including the headers by absolute path") {
  scratch_directory dir, build;
  generate(dir, {"create users", "--namespace", "app::db"});
  const std::string output = (build / "gen" / "migrations" / "index.hpp").string();
  const outcome written = run_tool({"index", "--dir", dir.path().string(), "--output", output});
  REQUIRE(written.exit_code == exit_ok);
  CHECK_THAT(written.out, Contains("Wrote " + output));
  const std::string text = read_file(output);
  // The namespace comes from the headers when there is no index beside them.
  CHECK_THAT(text, Contains("namespace app::db {"));
  CHECK_THAT(text, Contains("#include \"" + std::filesystem::absolute(dir.path()).generic_string() + "/"));
  CHECK_FALSE(std::filesystem::exists(dir / "index.hpp"));
  CHECK_THAT(run_tool({"index", "--dir", dir.path().string(), "--output", output}).out, Contains("Unchanged:"));
}

TEST_CASE("odd descriptions round-trip and keep the header well-formed") {
  scratch_directory dir;
  const std::string description = GENERATE(as<std::string>{}, "it's \"quoted\"", "back\\slash at end\\", "ünïcödé 日本語 users",
                                           "comment */ closer /* opener", "trigraph ?\?/ and ?\?=", "$HOME ${revision} $$");
  const migration_file file = generate(dir, {description});
  CHECK(file.header.description == description);
  const std::string text = read_file(dir / file.file_name);
  const std::string first_line = text.substr(0, text.find('\n'));
  CHECK(first_line.starts_with("// "));
  CHECK_FALSE(first_line.ends_with("\\"));
}

TEST_CASE("descriptions that cannot name a file or fit on a line are refused") {
  scratch_directory dir;
  const std::string description = GENERATE(as<std::string>{}, "!!!", "日本語", "   ", "two\nlines", "tab\there", "bad \xff utf-8");
  const outcome result = run_tool({description, "--dir", dir.path().string()});
  CHECK(result.exit_code == exit_refused);
  CHECK_THAT(result.err, Contains("migrate-new: the description"));
  CHECK(snapshot(dir.path()).empty());
}

TEST_CASE("code migrations (--code) use the session of the chosen store") {
  scratch_directory dir;
  using store_case = std::tuple<std::vector<std::string>, std::string, std::string>;
  const auto [store_arguments, session, header] = GENERATE(values<store_case>({
      {{}, "migrate::sqlite::session", "<migrate/sqlite/session.hpp>"},
      {{"--store", "sqlite"}, "migrate::sqlite::session", "<migrate/sqlite/session.hpp>"},
      {{"--store", "postgres"}, "migrate::postgres::session", "<migrate/postgres/session.hpp>"},
      {{"--store=fhir"}, "migrate::fhir::session", "<migrate/fhir/session.hpp>"},
  }));
  std::vector<std::string> arguments = {"seed data", "--code"};
  arguments.insert(arguments.end(), store_arguments.begin(), store_arguments.end());
  const migration_file file = generate(dir, arguments);
  CHECK(file.header.kind == migration_kind::code);
  const std::string text = read_file(dir / file.file_name);
  CHECK_THAT(text, Contains("#include " + header + "\n"));
  CHECK_THAT(text, Contains("static void upgrade([[maybe_unused]] " + session + "& db) {\n  }"));
  CHECK_THAT(text, Contains("static void downgrade([[maybe_unused]] " + session + "& db) {\n  }"));
}

TEST_CASE("two heads are refused, writing nothing, until --merge joins them") {
  scratch_directory dir;
  write_file(dir / "a1_root.hpp", sql_migration("a1", ""));
  write_file(dir / "b2_left.hpp", sql_migration("b2", "\"a1\""));
  write_file(dir / "c3_right.hpp", sql_migration("c3", "\"a1\""));
  const auto before = snapshot(dir.path());
  const outcome refused = run_tool({"more", "--dir", dir.path().string()});
  CHECK(refused.exit_code == exit_refused);
  CHECK_THAT(refused.err, Contains("the directory has 2 heads (b2, c3); join them first with: migrate-new --merge"));
  CHECK(snapshot(dir.path()) == before);

  const migration_file merge = generate(dir, {"--merge"});
  CHECK(merge.header.revises == std::vector<std::string>{"b2", "c3"});
  CHECK(merge.header.description == "merge heads b2, c3");
  CHECK(merge.file_name == merge.header.revision + "_merge_heads_b2_c3.hpp");
  CHECK_THAT(read_file(dir / merge.file_name), Contains(".revises = {\"b2\", \"c3\"},"));

  const migration_file after = generate(dir, {"after the merge", "--code"});
  CHECK(after.header.revises == std::vector<std::string>{merge.header.revision});
}

TEST_CASE("a merge (--merge) with a single head is refused") {
  scratch_directory dir;
  write_file(dir / "a1_root.hpp", sql_migration("a1", ""));
  const auto before = snapshot(dir.path());
  const outcome result = run_tool({"--merge", "join", "--dir", dir.path().string()});
  CHECK(result.exit_code == exit_refused);
  CHECK_THAT(result.err, Contains("nothing to merge: the directory has 1 head a1"));
  CHECK(snapshot(dir.path()) == before);
}

TEST_CASE("a broken chain or an unparseable header is refused, writing nothing") {
  scratch_directory dir;
  using broken_case = std::pair<std::map<std::string, std::string>, std::string>;
  const auto [files, expected] = GENERATE(values<broken_case>({
      {{{"a1_root.hpp", sql_migration("a1", "")}, {"b2_x.hpp", sql_migration("b2", "\"zz\"")}},
       "b2_x.hpp: revises zz, which no migration in the directory declares"},
      {{{"a1_root.hpp", sql_migration("a1", "")}, {"a1_copy.hpp", sql_migration("a1", "")}},
       "duplicate revision a1 in a1_copy.hpp and a1_root.hpp"},
      {{{"a1_root.hpp", sql_migration("a1", "")}, {"b2_root.hpp", sql_migration("b2", "")}}, "several roots"},
      {{{"a1_root.hpp", sql_migration("a1", "")}, {"b2_x.hpp", sql_migration("b2", "\"c3\"")}, {"c3_x.hpp", sql_migration("c3", "\"b2\"")}},
       "cycle: b2 -> c3 -> b2"},
      {{{"a1_root.hpp", "MIGRATE_SQL_MIGRATION(m, .revision = \"a1\""}}, "a1_root.hpp:1: expected ',' or ')'"},
  }));
  for (const auto& [name, content] : files) write_file(dir / name, content);
  const auto before = snapshot(dir.path());
  const outcome result = run_tool({"next", "--dir", dir.path().string()});
  CHECK(result.exit_code == exit_refused);
  CHECK_THAT(result.err, Contains(expected));
  CHECK(snapshot(dir.path()) == before);
}

TEST_CASE("an existing file is never overwritten") {
  scratch_directory dir;
  write_file(dir / "taken.hpp", "mine");
  CHECK_THROWS_WITH(write_new_file(dir / "taken.hpp", "theirs"), Contains("taken.hpp: already exists; not overwriting it"));
  CHECK(read_file(dir / "taken.hpp") == "mine");
  write_new_file(dir / "free.hpp", "new");
  CHECK(read_file(dir / "free.hpp") == "new");
}

TEST_CASE("the directory option (--dir) beats MIGRATE_DIR, which beats MIGRATION_SCRIPTS_DIR") {
  scratch_directory dir;
  const std::string flag = (dir / "flag").string(), primary = (dir / "primary").string(), legacy = (dir / "legacy").string();
  CHECK(run_tool({"one", "--dir", flag}, {{"MIGRATE_DIR", primary}, {"MIGRATION_SCRIPTS_DIR", legacy}}).exit_code == 0);
  CHECK(read_migration_directory(dir / "flag").size() == 1);
  CHECK(run_tool({"two"}, {{"MIGRATE_DIR", primary}, {"MIGRATION_SCRIPTS_DIR", legacy}}).exit_code == 0);
  CHECK(read_migration_directory(dir / "primary").size() == 1);
  CHECK_FALSE(std::filesystem::exists(dir / "legacy"));
  CHECK(run_tool({"three"}, {{"MIGRATION_SCRIPTS_DIR", legacy}}).exit_code == 0);
  CHECK(read_migration_directory(dir / "legacy").size() == 1);
}

TEST_CASE("the executable defaults to ./migrations and honours the variables") {
  scratch_directory dir;
  CHECK(run_executable(dir.path(), executable() + " 'first one'") == 0);
  CHECK(read_migration_directory(dir / "migrations").size() == 1);
  CHECK(run_executable(dir.path(), "MIGRATION_SCRIPTS_DIR=legacy " + executable() + " 'second'") == 0);
  CHECK(read_migration_directory(dir / "legacy").size() == 1);
  CHECK(run_executable(dir.path(), "MIGRATE_DIR=primary MIGRATION_SCRIPTS_DIR=legacy " + executable() + " 'third'") == 0);
  CHECK(read_migration_directory(dir / "primary").size() == 1);
  CHECK(read_migration_directory(dir / "legacy").size() == 1);
  CHECK(run_executable(dir.path(), executable() + " --help") == exit_ok);
  CHECK(run_executable(dir.path(), executable()) == exit_usage);
  CHECK(run_executable(dir.path(), executable() + " '!!!'") == exit_refused);
}

TEST_CASE("a user template (--template) is rendered") {
  scratch_directory dir;
  write_file(dir / "my.hpp.in",
             "// ${description} [${slug}] in ${file_name}, $$ ${store}\n"
             "#include <${session_header}>\n"
             "namespace ${namespace} {\n"
             "MIGRATE_SQL_MIGRATION(${struct_name}, .revision = \"${revision}\", .revises = ${revises},\n"
             "    .description = ${description_literal}, .created = \"${created}\", .up = \"SELECT 1;\");\n"
             "}  // ${down_revisions}\n");
  const std::string template_file = (dir / "my.hpp.in").string();
  const scratch_directory migrations;
  const migration_file root = generate(migrations, {"Custom one", "--template", template_file, "--namespace", "app::db"});
  const std::string text = read_file(migrations / root.file_name);
  CHECK(text.starts_with("// Custom one [custom_one] in " + root.file_name + ", $ sqlite\n#include <migrate/sqlite/session.hpp>\n"));
  CHECK(root.header.qualified_name == "::app::db::" + root.header.struct_name);
  CHECK_FALSE(std::filesystem::exists(migrations / "index.hpp"));
  const migration_file next = generate(migrations, {"Custom two", "--template", template_file});
  CHECK(next.header.qualified_name == "::app::db::" + next.header.struct_name);
  CHECK_THAT(text, Contains("}  // none"));
}

TEST_CASE("a template that does not render the requested migration is refused") {
  scratch_directory dir;
  using template_case = std::pair<std::string, std::string>;
  const auto [content, expected] = GENERATE(values<template_case>({
      {"${nope}", "my.hpp.in:1: unknown placeholder ${nope}"},
      {"no macro here", "does not render a migration header"},
      {"MIGRATE_SQL_MIGRATION(${struct_name}, .revision = \"fixed\");", "must set .revision = \"${revision}\" and .revises = ${revises}"},
  }));
  write_file(dir / "my.hpp.in", content);
  const outcome result = run_tool({"x", "--template", (dir / "my.hpp.in").string(), "--dir", (dir / "m").string()});
  CHECK(result.exit_code == exit_refused);
  CHECK_THAT(result.err, Contains(expected));
  CHECK_FALSE(std::filesystem::exists(dir / "m"));
  const outcome missing = run_tool({"x", "--template", (dir / "absent.hpp.in").string(), "--dir", (dir / "m").string()});
  CHECK(missing.exit_code == exit_refused);
  CHECK_THAT(missing.err, Contains("absent.hpp.in: template cannot be read"));
}

TEST_CASE("index regenerates the index, refusing unparseable headers") {
  scratch_directory dir;
  const outcome empty = run_tool({"index", "--dir", dir.path().string()});
  CHECK(empty.exit_code == exit_ok);
  CHECK_THAT(read_file(dir / "index.hpp"), Contains("using registry = ::migrate::registry<>;"));
  CHECK_THAT(run_tool({"index", "--dir", dir.path().string()}).out, Contains("Unchanged:"));

  write_file(dir / "a1_broken.hpp", "MIGRATE_SQL_MIGRATION(m, .revision = \"a1\",\n .up = u8R\"x(never closed");
  const outcome broken = run_tool({"index", "--dir", dir.path().string()});
  CHECK(broken.exit_code == exit_refused);
  CHECK_THAT(broken.err, Contains("a1_broken.hpp:2: unterminated raw string literal: no )x\" closes it"));

  const outcome missing = run_tool({"index", "--dir", (dir / "nowhere").string()});
  CHECK(missing.exit_code == exit_refused);
  CHECK_THAT(missing.err, Contains("nowhere: no such directory"));
}

TEST_CASE("command line mistakes exit with 2") {
  using usage_case = std::pair<std::vector<std::string>, std::string>;
  const auto [arguments, expected] = GENERATE(values<usage_case>({
      {{}, "a description is required"},
      {{"a", "b"}, "one description only; quote it: migrate-new \"a b\""},
      {{"x", "--sql", "--code"}, "--sql and --code exclude each other"},
      {{"x", "--store", "sqlite"}, "--store applies to --code migrations only"},
      {{"x", "--code", "--store", "oracle"}, "--store: unknown store \"oracle\""},
      {{"x", "--dir"}, "--dir needs a value"},
      {{"x", "--merge=yes"}, "--merge takes no value"},
      {{"x", "--frobnicate"}, "unknown option --frobnicate"},
      {{"x", "--namespace", "a-b"}, "--namespace: \"a-b\" is not a namespace name"},
      {{"index", "x"}, "index takes no description"},
      {{"index", "--code"}, "index accepts only --dir, --namespace and --output, not --code"},
  }));
  const outcome result = run_tool(arguments);
  CHECK(result.exit_code == exit_usage);
  CHECK_THAT(result.err, Contains(expected) && Contains("--help"));
}

TEST_CASE("help (--help) prints the usage and a double dash ends the options") {
  const outcome help = run_tool({"--help"});
  CHECK(help.exit_code == exit_ok);
  CHECK_THAT(help.out, Contains("usage: migrate-new DESCRIPTION") && Contains("exit status: 0 done, 1 refused"));
  scratch_directory dir;
  CHECK(run_tool({"--dir", dir.path().string(), "--", "index"}).exit_code == exit_ok);
  const auto files = read_migration_directory(dir.path());
  REQUIRE(files.size() == 1);
  CHECK(files.front().header.description == "index");
}

TEST_CASE("version: --version names the migrate version and writes nothing") {
  scratch_directory dir;
  const outcome version = run_tool({"--version", "--dir", dir.path().string()});
  CHECK(version.exit_code == exit_ok);
  CHECK(version.out == "migrate-new (migrate " MIGRATE_VERSION_STRING ")\n");
  CHECK(std::filesystem::is_empty(dir.path()));
}
