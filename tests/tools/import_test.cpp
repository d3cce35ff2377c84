// migrate-new import's readers (Python revision files, the Go runner's literals, Alembic's offline output) and --rev-id.
#include "test_support.hpp"

#include <migrate_new/cli.hpp>
#include <migrate_new/error.hpp>
#include <migrate_new/header_parser.hpp>
#include <migrate_new/import.hpp>

#include <catch2/catch.hpp>

#include <sstream>

using namespace migrate_new;
using namespace migrate_new::test;
using Catch::Matchers::Contains;

namespace {

int run_quietly(std::vector<std::string> arguments, std::string& err) {
  std::ostringstream out, errors;
  const int code = run(arguments, [](std::string_view) -> std::optional<std::string> { return std::nullopt; }, out, errors);
  err = errors.str();
  return code;
}

}  // namespace

TEST_CASE("an Alembic revision file's header: ids, parents, docstring, Create Date") {
  const foreign_revision r = parse_python_revision(R"py("""add phone number

Revision ID: 3a9c0e1d2b47
Revises: f8ff2ab1fdfa, 0a1b2c3d4e5f
Create Date: 2026-02-07 09:30:00.123456

"""
from alembic import op

revision: str = '3a9c0e1d2b47'
down_revision: Union[str, None] = ('f8ff2ab1fdfa', "0a1b2c3d4e5f")
)py", "3a9c0e1d2b47_add_phone.py");
  CHECK(r.id == "3a9c0e1d2b47");
  CHECK(r.parents == std::vector<std::string>{"f8ff2ab1fdfa", "0a1b2c3d4e5f"});
  CHECK(r.description == "add phone number");
  CHECK(r.created == "2026-02-07 09:30:00.123456");

  const foreign_revision root = parse_python_revision("# Seed the code systems\nrevision = \"a1\"\ndown_revision = None\n", "a1_seed.py");
  CHECK(root.parents.empty());
  CHECK(root.description == "Seed the code systems");
  CHECK(parse_python_revision("revision = 'b2'\ndown_revision = 'a1'\n", "b2_set_name_use.py").description == "set name use");

  CHECK_THROWS_WITH(parse_python_revision("down_revision = None\n", "x.py"), Contains("x.py: no `revision"));
  CHECK_THROWS_WITH(parse_python_revision("revision = 'a'\n", "y.py"), Contains("y.py: no `down_revision"));
  CHECK_THROWS_WITH(parse_python_revision("revision = 'a'\ndown_revision = parent()\n", "z.py"), Contains("z.py: `down_revision` must be"));
}

TEST_CASE("the Go runner's literals become ids 1, 2, ... chained in version order") {
  const auto revisions = parse_go_migrations(R"go(var all = []Migration{
	{Version: 2, Description: "second \"one\"", Up: "A; " + `B;`, Down: "C;\n"},
	// {Version: 9, Up: `commented out`},
	{
		Version: 1,
		Description: "first",
		Up: `CREATE TABLE t (x TEXT DEFAULT '}');`,
	},
})go", "m.go");
  REQUIRE(revisions.size() == 2);
  CHECK(revisions[0].id == "1");
  CHECK(revisions[0].parents.empty());
  CHECK(*revisions[0].up == "CREATE TABLE t (x TEXT DEFAULT '}');");
  CHECK(revisions[0].down->empty());
  CHECK(revisions[0].source == "m.go:4");
  CHECK(revisions[1].parents == std::vector<std::string>{"1"});
  CHECK(revisions[1].description == "second \"one\"");
  CHECK(*revisions[1].up == "A; B;");
  CHECK(*revisions[1].down == "C;\n");

  CHECK_THROWS_WITH(parse_go_migrations("x := []M{{Version: 1, Up: `a`}, {Version: 1, Up: `b`}}", "d.go"),
                    Contains("d.go:1 and d.go:1: both declare Version 1"));
  CHECK_THROWS_WITH(parse_go_migrations("x := []M{{Version: 1, Down: `a`}}", "u.go"), Contains("u.go:1: migration 1 has no Up"));
  CHECK_THROWS_WITH(parse_go_migrations("package m\n", "e.go"), Contains("e.go: no `{Version: N"));
}

TEST_CASE("Alembic's own bookkeeping is stripped from its offline output") {
  const std::string rendered = "BEGIN;\n\nCREATE TABLE alembic_version (\n    version_num VARCHAR(32) NOT NULL\n);\n\n"
                               "-- Running upgrade  -> f8ff2ab1fdfa\n\nCREATE TABLE users (\n    id SERIAL NOT NULL\n);\n\n"
                               "CREATE INDEX ix ON users (id);\n\n"
                               "INSERT INTO alembic_version (version_num) VALUES ('f8ff2ab1fdfa') RETURNING alembic_version.version_num;\n\n"
                               "UPDATE alembic_version SET version_num='b' WHERE alembic_version.version_num = 'a';\n\n"
                               "DELETE FROM alembic_version WHERE alembic_version.version_num = 'b';\n\n"
                               "DROP TABLE alembic_version;\n\nCOMMIT;\n\n";
  CHECK(strip_alembic_bookkeeping(rendered) == "CREATE TABLE users (\n    id SERIAL NOT NULL\n);\n\nCREATE INDEX ix ON users (id);");
}

TEST_CASE("an imported Go file whose SQL holds the raw-string delimiter still reads back") {
  scratch_directory dir;
  write_file(dir / "m.go", "var m = []M{{Version: 1, Description: \"tricky\", Up: `SELECT ')sql\"';`, Down: `SELECT 1;`}}");
  std::string err;
  REQUIRE(run_quietly({"import", "go", (dir / "m.go").string(), "--dir", (dir / "out").string()}, err) == 0);
  const std::string text = read_file(dir / "out" / "1_tricky.hpp");
  CHECK_THAT(text, Contains("R\"sql1(\nSELECT ')sql\"';\n)sql1\""));
  CHECK(parse_migration_header(text, "1_tricky.hpp").revision == "1");
}

TEST_CASE("rev-id: --rev-id names the new migration by the build's revision rule") {
  scratch_directory dir;
  const std::string migrations = (dir / "m").string();
  std::string err;
  REQUIRE(run_quietly({"create users", "--dir", migrations, "--rev-id", "f8ff2ab1fdfa"}, err) == 0);
  CHECK(std::filesystem::exists(dir / "m" / "f8ff2ab1fdfa_create_users.hpp"));
  REQUIRE(run_quietly({"add phone", "--dir", migrations, "--rev-id", "v2.0-phone"}, err) == 0);
  const std::string text = read_file(dir / "m" / "v2.0-phone_add_phone.hpp");
  CHECK_THAT(text, Contains("MIGRATE_SQL_MIGRATION(m_v2_0_phone_add_phone,"));
  CHECK_THAT(text, Contains(".revises = {\"f8ff2ab1fdfa\"}"));

  CHECK(run_quietly({"x", "--dir", migrations, "--rev-id", "a/b"}, err) == exit_refused);
  CHECK_THAT(err, Contains("--rev-id \"a/b\" is malformed ('/' at position 2)"));
  CHECK(run_quietly({"x", "--dir", migrations, "--rev-id", "f8ff2ab1fdfa"}, err) == exit_refused);
  CHECK_THAT(err, Contains("already the revision of f8ff2ab1fdfa_create_users.hpp"));
  CHECK(run_quietly({"--merge", "--dir", migrations, "--rev-id", "c"}, err) == exit_usage);
  CHECK(run_quietly({"import", "go", "m.go", "--rev-id", "c"}, err) == exit_usage);
  CHECK(run_quietly({"import", "svn", "x"}, err) == exit_usage);
}

TEST_CASE("import alembic refuses a missing --config or a --python without alembic, writing nothing") {
  scratch_directory dir;
  std::filesystem::create_directories(dir / "versions");
  write_file(dir / "versions" / "a1_root.py", "revision = 'a1'\ndown_revision = None\n");
  const std::string out = (dir / "out").string();
  std::string err;
  CHECK(run_quietly({"import", "alembic", (dir / "versions").string(), "--dir", out, "--config", (dir / "nope.ini").string()}, err) ==
        exit_refused);
  CHECK_THAT(err, Contains("nope.ini: no such file (--config)"));
  CHECK(run_quietly({"import", "alembic", (dir / "versions").string(), "--dir", out, "--python", "/bin/false"}, err) == exit_refused);
  CHECK_THAT(err, Contains("/bin/false cannot import alembic"));
  CHECK_FALSE(std::filesystem::exists(dir / "out"));
}
