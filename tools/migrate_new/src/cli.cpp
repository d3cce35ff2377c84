#include <migrate_new/cli.hpp>

#include <migrate_new/error.hpp>
#include <migrate_new/generator.hpp>
#include <migrate_new/index.hpp>
#include <migrate_new/text.hpp>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cstdlib>
#include <ostream>

namespace migrate_new {
namespace {

constexpr std::string_view help_text = R"(usage: migrate-new DESCRIPTION [--dir DIR] [--sql | --code [--store STORE]]
                   [--template FILE] [--namespace NS]
       migrate-new --merge [DESCRIPTION] [--dir DIR] [...]
       migrate-new index [--dir DIR] [--namespace NS]

Writes a new migration header DIR/<revision>_<slug>.hpp revising the directory's head,
then regenerates DIR/index.hpp. `index` only regenerates DIR/index.hpp.

options:
  --dir DIR          migration directory; default $MIGRATE_DIR, else $MIGRATION_SCRIPTS_DIR,
                     else ./migrations (created when missing)
  --sql              an SQL migration (.up/.down strings; the default)
  --code             a C++ migration with upgrade()/downgrade() functions
  --store STORE      session type of a --code migration: sqlite (default), postgres, fhir
  --merge            a merge migration revising every current head
  --template FILE    render FILE instead of the built-in template (see docs/codegen.md)
  --namespace NS     namespace of the migration and of the registry alias; default the one
                     in DIR/index.hpp, else migrations
  --                 what follows is the description even if it starts with '-' or is "index"
  -h, --help         show this help

exit status: 0 done, 1 refused (nothing written), 2 bad command line
)";

/// The parsed command line.
struct options {
  bool help = false;
  bool index_only = false;
  std::optional<std::string> description;
  std::optional<std::string> directory;
  std::optional<std::string> namespace_name;
  std::optional<std::string> template_file;
  std::optional<std::string> store;
  bool sql = false;
  bool code = false;
  bool merge = false;
};

options parse_options(const std::vector<std::string>& arguments) {
  options parsed;
  auto begin = arguments.begin();
  if (begin != arguments.end() && *begin == "index") {
    parsed.index_only = true;
    ++begin;
  }
  bool only_positionals = false;
  for (auto argument = begin; argument != arguments.end(); ++argument) {
    const std::string& word = *argument;
    if (only_positionals || !word.starts_with("-") || word == "-") {
      if (parsed.index_only) throw usage_error(fmt::format("index takes no description (got \"{}\")", word));
      if (parsed.description)
        throw usage_error(fmt::format("one description only; quote it: migrate-new \"{} {}\"", *parsed.description, word));
      parsed.description = word;
      continue;
    }
    const std::size_t equals = word.find('=');
    const std::string name = word.substr(0, equals);
    auto value = [&]() -> std::string {
      if (equals != std::string::npos) return word.substr(equals + 1);
      if (++argument == arguments.end()) throw usage_error(fmt::format("{} needs a value", name));
      return *argument;
    };
    auto flag = [&](bool& target) {
      if (equals != std::string::npos) throw usage_error(fmt::format("{} takes no value", name));
      target = true;
    };
    if (name == "--") only_positionals = true;
    else if (name == "-h" || name == "--help") flag(parsed.help);
    else if (name == "--dir") parsed.directory = value();
    else if (name == "--namespace") parsed.namespace_name = value();
    else if (parsed.index_only) throw usage_error(fmt::format("index accepts only --dir and --namespace, not {}", name));
    else if (name == "--template") parsed.template_file = value();
    else if (name == "--store") parsed.store = value();
    else if (name == "--sql") flag(parsed.sql);
    else if (name == "--code") flag(parsed.code);
    else if (name == "--merge") flag(parsed.merge);
    else throw usage_error(fmt::format("unknown option {}", name));
  }
  if (parsed.help) return parsed;
  if (parsed.sql && parsed.code) throw usage_error("--sql and --code exclude each other");
  if (parsed.store && !parsed.code) throw usage_error("--store applies to --code migrations only");
  if (!parsed.index_only && !parsed.merge && !parsed.description)
    throw usage_error("a description is required, e.g. migrate-new \"add phone number to users\"");
  if (parsed.namespace_name && !is_qualified_identifier(*parsed.namespace_name))
    throw usage_error(fmt::format("--namespace: \"{}\" is not a namespace name", *parsed.namespace_name));
  return parsed;
}

std::filesystem::path migration_directory(const options& parsed, const environment& env) {
  if (parsed.directory) return *parsed.directory;
  for (const std::string_view variable : {"MIGRATE_DIR", "MIGRATION_SCRIPTS_DIR"})
    if (auto value = env(variable); value && !value->empty()) return *value;
  return "migrations";
}

int run_index(const options& parsed, const std::filesystem::path& directory, std::ostream& out) {
  if (!std::filesystem::is_directory(directory))
    throw error(fmt::format("{}: no such directory", directory.string()));
  const bool written = update_index(directory, choose_namespace(directory, parsed.namespace_name));
  fmt::print(out, "{} {}\n", written ? "Wrote" : "Unchanged:", (directory / "index.hpp").string());
  return exit_ok;
}

int run_new(const options& parsed, const std::filesystem::path& directory, std::ostream& out) {
  new_migration_request request;
  request.directory = directory;
  request.description = parsed.description.value_or("");
  request.kind = parsed.code ? migration_kind::code : migration_kind::sql;
  if (parsed.store) {
    const auto store = parse_store_kind(*parsed.store);
    if (!store) throw usage_error(fmt::format("--store: unknown store \"{}\" (sqlite, postgres or fhir)", *parsed.store));
    request.store = *store;
  }
  request.merge = parsed.merge;
  if (parsed.template_file) request.template_file = *parsed.template_file;
  request.namespace_name = parsed.namespace_name;
  const new_migration created = create_migration(request);
  fmt::print(out, "Generated {} (revision {}, revises {})\n", created.path.string(), created.revision,
             created.revises.empty() ? std::string("nothing: root") : fmt::format("{}", fmt::join(created.revises, ", ")));
  return exit_ok;
}

}  // namespace

environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (!value) return std::nullopt;
    return value;
  };
}

int run(const std::vector<std::string>& arguments, const environment& env, std::ostream& out, std::ostream& err) {
  try {
    const options parsed = parse_options(arguments);
    if (parsed.help) {
      out << help_text;
      return exit_ok;
    }
    const std::filesystem::path directory = migration_directory(parsed, env);
    return parsed.index_only ? run_index(parsed, directory, out) : run_new(parsed, directory, out);
  } catch (const usage_error& e) {
    fmt::print(err, "migrate-new: {}\n(migrate-new --help shows the usage)\n", e.what());
    return exit_usage;
  } catch (const error& e) {
    fmt::print(err, "migrate-new: {}\n", e.what());
    return exit_refused;
  } catch (const std::filesystem::filesystem_error& e) {
    fmt::print(err, "migrate-new: {}\n", e.what());
    return exit_refused;
  }
}

}  // namespace migrate_new
