// Parsing the command line, usage errors (exit 2) and `--help` for every command.

#include "harness.hpp"
#include "registries.hpp"

using namespace cli_test;
using migrate::cli::command;
using migrate::cli::parse_command_line;

namespace {
migrate::cli::command_line parse(std::initializer_list<std::string_view> args) {
  std::vector<std::string_view> list(args);
  return parse_command_line(list);
}
}  // namespace

TEST_CASE("parsing: commands, options before or after, --name=value, step counts") {
  auto line = parse({"--database", "x.db", "downgrade", "-2", "--json"});
  CHECK(line.problem.empty());
  CHECK(line.what == command::downgrade);
  CHECK(line.arguments == std::vector<std::string>{"-2"});
  CHECK(line.database == "x.db");
  CHECK(line.json);

  line = parse({"sql", "--from=1a2b", "--to", "head", "-d", "y.db"});
  CHECK(line.problem.empty());
  CHECK(line.from == "1a2b");
  CHECK(line.to == "head");
  CHECK(line.database == "y.db");

  line = parse({"history", "--verbose", "--color=never"});
  CHECK(line.problem.empty());
  CHECK(line.verbose);
  CHECK(line.colour == migrate::cli::colour_choice::never);

  line = parse({"stamp", "--", "-weird-but-positional"});
  CHECK(line.arguments == std::vector<std::string>{"-weird-but-positional"});
}

TEST_CASE("parsing: what is wrong is said") {
  CHECK(parse({"statsu"}).problem == "unknown command 'statsu'");
  CHECK(parse({"status", "--frobnicate"}).problem == "unknown option --frobnicate");
  CHECK(parse({"status", "--verbose"}).problem == "--verbose is not an option of `status`");
  CHECK(parse({"status", "extra"}).problem == "`status` takes no arguments, but got 'extra'");
  CHECK(parse({"upgrade", "a", "b"}).problem == "`upgrade` takes at most 1 argument: [head|REV|+N]");
  CHECK(parse({"stamp"}).problem == "`stamp` needs an argument: REV|head|base");
  CHECK(parse({"status", "--database"}).problem == "--database needs a value");
  CHECK(parse({"status", "--json=yes"}).problem == "--json takes no value");
  CHECK(parse({"status", "--color", "sometimes"}).problem == "--color takes auto, always or never, not 'sometimes'");
  CHECK(parse({}).problem == "no command given");
}

TEST_CASE("usage errors exit 2 with a hint, as text or JSON") {
  sandbox box;
  auto r = box.run<v1>({"statsu"});
  CHECK(r.exit == 2);
  check_golden("usage_unknown_command.txt", transcript(r, box));
  auto option = box.run<v1>({"upgrade", "--verbose"});
  CHECK(option.exit == 2);
  CHECK(option.err == "clinic migrate: error: --verbose is not an option of `upgrade`\n"
                      "Run `clinic migrate upgrade --help` for usage.\n");
  auto json = box.run<v1>({"statsu", "--json"});
  CHECK(json.exit == 2);
  CHECK(json.err.empty());
  check_golden("usage_unknown_command.json.txt", transcript(json, box));
  CHECK_FALSE(std::filesystem::exists(box.database()));
}

TEST_CASE("no command: the overview on stderr, exit 2") {
  sandbox box;
  auto r = box.run<v1>({});
  CHECK(r.exit == 2);
  CHECK(r.out.empty());
  CHECK(r.err.starts_with("Usage: clinic migrate [options] <command> [arguments]"));
}

TEST_CASE("help: the overview lists commands, options and exit codes") {
  sandbox box;
  auto r = box.run<v1>({"--help"});
  CHECK(r.exit == 0);
  check_golden("help.txt", transcript(r, box));
  CHECK(box.run<v1>({"help"}).out == r.out);
  CHECK(box.run<v1>({"-h"}).out == r.out);
  CHECK(box.run<v1>({"statsu", "--help"}).out == r.out);
  CHECK_FALSE(std::filesystem::exists(box.database()));
}

TEST_CASE("help for every command, also as `help COMMAND`, even with --json") {
  sandbox box;
  for (const auto& spec : migrate::cli::command_specs) {
    if (spec.id == command::help) continue;
    std::string name(spec.name);
    INFO(name);
    auto r = box.run<v1>({name, "--help"});
    CHECK(r.exit == 0);
    CHECK(r.err.empty());
    CHECK(r.out.starts_with("Usage: clinic migrate " + name));
    check_golden("help_" + name + ".txt", r.out);
    CHECK(box.run<v1>({"help", name}).out == r.out);
    CHECK(box.run<v1>({"--json", name, "-h"}).out == r.out);
  }
  CHECK_FALSE(std::filesystem::exists(box.database()));
  CHECK(box.run<v1>({"help", "nope"}).exit == 2);
}

TEST_CASE("argc/argv: argv[0] names the program unless options say otherwise") {
  sandbox box;
  memory_stream out, err;
  migrate::cli::options opts;
  opts.out = out.file();
  opts.err = err.file();
  opts.environment = [](std::string_view) { return std::optional<std::string>(); };
  char arg0[] = "/usr/bin/clinic", arg1[] = "bogus";
  char* argv[] = {arg0, arg1, nullptr};
  CHECK(migrate::cli::run<v1>(2, argv, opts) == 2);
  CHECK(err.text().starts_with("clinic: error: unknown command 'bogus'"));
}

TEST_CASE("exit codes follow migrate's error codes") {
  using migrate::errc;
  using migrate::cli::exit_code;
  using migrate::cli::exit_code_for;
  CHECK(exit_code_for(errc::migration_failed) == exit_code::failed);
  CHECK(exit_code_for(errc::store_failure) == exit_code::failed);
  CHECK(exit_code_for(errc::invalid_target) == exit_code::usage);
  CHECK(exit_code_for(errc::irreversible) == exit_code::usage);
  CHECK(exit_code_for(errc::bad_database_url) == exit_code::usage);
  CHECK(exit_code_for(errc::dirty_state) == exit_code::check_failed);
  CHECK(exit_code_for(errc::checksum_mismatch) == exit_code::check_failed);
  CHECK(exit_code_for(errc::unknown_revision) == exit_code::check_failed);
  CHECK(exit_code_for(errc::invalid_state) == exit_code::check_failed);
  CHECK(exit_code_for(errc::lock_timeout) == exit_code::busy);
  CHECK(exit_code_for(errc::concurrent_modification) == exit_code::busy);
}

TEST_CASE("version: --version names the migrate version and this build's chain, as text and JSON") {
  sandbox box;
  auto text = box.run<v1>({"--version"});
  CHECK(text.exit == 0);
  CHECK(text.out == "clinic migrate (migrate " MIGRATE_VERSION_STRING ", 4 migration(s), head 4d5e6f708192)\n");
  auto json = box.run<v1>({"--version", "--json"});
  CHECK(json.out.find("\"version\":\"" MIGRATE_VERSION_STRING "\"") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(box.database()));  // no store opened
}

// The ABI tag is a real inline namespace: code says migrate::, the symbols say migrate::v0_2::.
#define MIGRATE_TEST_STRINGIFY2(x) #x
#define MIGRATE_TEST_STRINGIFY(x) MIGRATE_TEST_STRINGIFY2(x)
static_assert(std::is_same_v<migrate::MIGRATE_ABI_NAMESPACE::error, migrate::error>);
static_assert(std::is_same_v<migrate::MIGRATE_ABI_NAMESPACE::cli::options, migrate::cli::options>);
TEST_CASE("the ABI namespace follows the version") {
  const std::string abi = MIGRATE_TEST_STRINGIFY(MIGRATE_ABI_NAMESPACE);
  std::string version = MIGRATE_VERSION_STRING;
  version = "v" + version.substr(0, version.rfind('.'));
  for (auto& c : version)
    if (c == '.') c = '_';
  CHECK(abi == version);  // 0.2.x is v0_2: bump the namespace with any version that may change the ABI
}
