#include <migrate_new/cli.hpp>

#include <migrate_new/error.hpp>
#include <migrate_new/generator.hpp>
#include <migrate_new/import.hpp>
#include <migrate_new/index.hpp>
#include <migrate_new/text.hpp>
#include <migrate/core/version.hpp>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cstdlib>
#include <ostream>

namespace migrate_new {
namespace {

constexpr std::string_view help_text = R"(usage: migrate-new DESCRIPTION [--dir DIR] [--sql | --code [--store STORE]]
                   [--template FILE] [--namespace NS] [--rev-id ID]
       migrate-new --merge [DESCRIPTION] [--dir DIR] [...]
       migrate-new index [--dir DIR] [--namespace NS] [--output FILE]
       migrate-new import alembic VERSIONS_DIR [--dir DIR] [--config INI] [--python PY] [--skeletons]
       migrate-new import go MIGRATIONS_GO [--dir DIR]
       migrate-new import fhir-migrations SOURCE_DIR [--dir DIR]

Writes a new migration header DIR/<revision>_<slug>.hpp revising the directory's head,
and regenerates DIR/index.hpp if there is one (a CMake build generates the index in its build
tree: migrate_add_migrations). `index` writes the index: DIR/index.hpp, or FILE with --output
(including the headers by absolute path). `import` writes one
header per revision of another tool's project, with its ids, parents, descriptions and dates
(docs/codegen.md, "Importing a project"); it refuses a broken chain and never overwrites.

options:
  --dir DIR          migration directory; default $MIGRATE_DIR, else $MIGRATION_SCRIPTS_DIR,
                     else ./migrations (created when missing)
  --sql              an SQL migration (.up/.down strings; the default)
  --code             a C++ migration with upgrade()/downgrade() functions
  --store STORE      session type of a --code migration: sqlite (default), postgres, fhir
  --merge            a merge migration revising every current head
  --rev-id ID        the new migration's revision id (e.g. another tool's), instead of a random one
  --template FILE    render FILE instead of the built-in template (see docs/codegen.md)
  --namespace NS     namespace of the migration and of the registry alias; default the one
                     in DIR/index.hpp, else the one DIR's headers use, else migrations
  --output FILE      index: write the index to FILE instead of DIR/index.hpp
  --                 what follows is the description even if it starts with '-' or is "index"
  --config INI       import alembic: the project's alembic.ini; default found next to or above VERSIONS_DIR
  --python PY        import alembic: the Python with alembic; default /usr/bin/python3, else python3
  --skeletons        import alembic: code-migration skeletons even when Alembic could render the SQL
  -h, --help         show this help
  --version          the migrate version this tool belongs to

exit status: 0 done, 1 refused (nothing written), 2 bad command line
)";

/// The parsed command line.
struct options {
  bool help = false;
  bool version = false;
  bool index_only = false;
  std::optional<std::string> description;
  std::optional<std::string> directory;
  std::optional<std::string> namespace_name;
  std::optional<std::string> output;  ///< index --output FILE
  std::optional<std::string> template_file;
  std::optional<std::string> store;
  bool sql = false;
  bool code = false;
  bool merge = false;
  std::optional<std::string> revision;
  std::optional<std::string> import_kind;    ///< alembic, go or fhir-migrations
  std::optional<std::string> import_source;  ///< the directory or file to import
  std::optional<std::string> config;
  std::optional<std::string> python;
  bool skeletons = false;
};

options parse_options(const std::vector<std::string>& arguments) {
  options parsed;
  auto begin = arguments.begin();
  if (begin != arguments.end() && *begin == "index") {
    parsed.index_only = true;
    ++begin;
  } else if (begin != arguments.end() && *begin == "import") {
    if (++begin == arguments.end() || begin->starts_with("-")) throw usage_error("import needs alembic, go or fhir-migrations");
    if (*begin != "alembic" && *begin != "go" && *begin != "fhir-migrations")
      throw usage_error(fmt::format("import: unknown kind \"{}\" (alembic, go or fhir-migrations)", *begin));
    parsed.import_kind = *begin++;
    if (begin == arguments.end() || begin->starts_with("-"))
      throw usage_error(fmt::format("import {} needs the {} to import", *parsed.import_kind,
                                    *parsed.import_kind == "go" ? "Go file" : "directory"));
    parsed.import_source = *begin++;
  }
  bool only_positionals = false;
  for (auto argument = begin; argument != arguments.end(); ++argument) {
    const std::string& word = *argument;
    if (only_positionals || !word.starts_with("-") || word == "-") {
      if (parsed.import_kind) throw usage_error(fmt::format("import takes one source (got also \"{}\")", word));
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
    else if (name == "--version") flag(parsed.version);
    else if (name == "--dir") parsed.directory = value();
    else if (name == "--namespace") parsed.namespace_name = value();
    else if (parsed.index_only && name == "--output") parsed.output = value();
    else if (parsed.index_only)
      throw usage_error(fmt::format("index accepts only --dir, --namespace and --output, not {}", name));
    else if (parsed.import_kind == "alembic" && name == "--config") parsed.config = value();
    else if (parsed.import_kind == "alembic" && name == "--python") parsed.python = value();
    else if (parsed.import_kind == "alembic" && name == "--skeletons") flag(parsed.skeletons);
    else if (parsed.import_kind)
      throw usage_error(fmt::format("import {} does not accept {}", *parsed.import_kind, name));
    else if (name == "--rev-id") parsed.revision = value();
    else if (name == "--template") parsed.template_file = value();
    else if (name == "--store") parsed.store = value();
    else if (name == "--sql") flag(parsed.sql);
    else if (name == "--code") flag(parsed.code);
    else if (name == "--merge") flag(parsed.merge);
    else throw usage_error(fmt::format("unknown option {}", name));
  }
  if (parsed.help || parsed.version || parsed.import_kind) return parsed;
  if (parsed.revision && parsed.merge) throw usage_error("--rev-id applies to a new migration, not to --merge");
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
  const std::filesystem::path output = parsed.output ? std::filesystem::path(*parsed.output) : directory / "index.hpp";
  const bool written = update_index(directory, choose_namespace(directory, parsed.namespace_name),
                                    parsed.output ? output : std::filesystem::path());
  fmt::print(out, "{} {}\n", written ? "Wrote" : "Unchanged:", output.string());
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
  request.revision = parsed.revision;
  if (parsed.template_file) request.template_file = *parsed.template_file;
  request.namespace_name = parsed.namespace_name;
  const new_migration created = create_migration(request);
  fmt::print(out, "Generated {} (revision {}, revises {})\n", created.path.string(), created.revision,
             created.revises.empty() ? std::string("nothing: root") : fmt::format("{}", fmt::join(created.revises, ", ")));
  return exit_ok;
}

int run_import(const options& parsed, const std::filesystem::path& directory, std::ostream& out) {
  const std::filesystem::path source = *parsed.import_source;
  import_result result;
  if (*parsed.import_kind == "go") {
    result = import_go(source, directory, parsed.namespace_name);
  } else if (*parsed.import_kind == "fhir-migrations") {
    result = import_fhir_migrations(source, directory, parsed.namespace_name);
  } else {
    alembic_options alembic;
    if (parsed.config) alembic.config = *parsed.config;
    if (parsed.python) alembic.python = *parsed.python;
    alembic.skeletons = parsed.skeletons;
    result = import_alembic(source, directory, alembic, parsed.namespace_name);
  }
  for (const auto& path : result.written) fmt::print(out, "Generated {}\n", path.string());
  if (!result.note.empty()) fmt::print(out, "Note: {}\n", result.note);
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
    if (parsed.version) {
      out << "migrate-new (migrate " MIGRATE_VERSION_STRING ")\n";
      return exit_ok;
    }
    const std::filesystem::path directory = migration_directory(parsed, env);
    if (parsed.import_kind) return run_import(parsed, directory, out);
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
