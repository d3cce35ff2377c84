// Writing imported revisions as migration headers, and the three importers.
#include <migrate_new/import.hpp>

#include <migrate_new/chain.hpp>
#include <migrate_new/error.hpp>
#include <migrate_new/generator.hpp>
#include <migrate_new/index.hpp>
#include <migrate_new/templates.hpp>
#include <migrate_new/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace migrate_new {
namespace {

std::string read_source(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error(fmt::format("{}: cannot be read", path.string()));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// `text` as a raw string literal `R"sql(\n...\n)sql"` whose delimiter does not occur in it.
std::string raw_literal(std::string_view text) {
  std::string delimiter = "sql";
  for (int n = 1; text.find(")" + delimiter + "\"") != std::string_view::npos; ++n) delimiter = fmt::format("sql{}", n);
  std::string body(text);
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
  while (!body.empty() && body.front() == '\n') body.erase(0, 1);
  return fmt::format("R\"{0}(\n{1}\n){0}\"", delimiter, body);
}

/// One line of printable text (control characters become spaces), trimmed.
std::string one_line(std::string_view text) {
  std::string line;
  for (char c : text) line += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
  const std::size_t first = line.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return line.substr(first, line.find_last_not_of(' ') - first + 1);
}

std::string file_label(const foreign_revision& revision) {
  return std::filesystem::path(revision.source).filename().string();
}

std::string slug_of(const foreign_revision& r) {
  const std::string slug = slugify(one_line(r.description));
  return slug.empty() ? std::string("migration") : slug;
}

std::string target_file_name(const foreign_revision& r) { return fmt::format("{}_{}.hpp", r.id, slug_of(r)); }

std::string render_sql(const foreign_revision& r, const std::string& struct_name, std::string_view ns,
                       std::string_view origin) {
  std::vector<std::string> quoted;
  for (const std::string& parent : r.parents) quoted.push_back(cpp_string_literal(parent));
  const std::string description = one_line(r.description);
  std::string text = fmt::format(
      "// {}\n//\n// Revision ID: {}\n// Revises: {}\n// Create Date: {}\n// Imported from {} {} by migrate-new import.\n"
      "#pragma once\n#include <migrate/core/migration.hpp>\n\nnamespace {} {{\n\nMIGRATE_SQL_MIGRATION({},\n"
      "    .revision = {},\n    .revises = {{{}}},\n    .description = {}{}",
      comment_text(description), r.id, r.parents.empty() ? std::string("none") : fmt::format("{}", fmt::join(r.parents, ", ")),
      r.created.empty() ? std::string("not recorded") : comment_text(r.created), origin, comment_text(file_label(r)), ns,
      struct_name, cpp_string_literal(r.id), fmt::join(quoted, ", "), cpp_string_literal(description),
      r.created.empty() ? std::string() : fmt::format(",\n    .created = {}", cpp_string_literal(r.created)));
  auto has_text = [](const std::optional<std::string>& sql) {
    return sql && sql->find_first_not_of(" \t\r\n") != std::string::npos;
  };
  if (r.up) text += fmt::format(",\n    .up = {}", raw_literal(*r.up));
  if (has_text(r.down)) text += fmt::format(",\n    .down = {}", raw_literal(*r.down));
  bool reversible = !r.down || has_text(r.down);
  for (const auto& [dialect, up, down] : {std::tuple{"sqlite", &r.sqlite_up, &r.sqlite_down},
                                          std::tuple{"postgresql", &r.postgresql_up, &r.postgresql_down}}) {
    std::vector<std::string> fields;
    if (*up) fields.push_back(fmt::format(".up = {}", raw_literal(**up)));
    if (has_text(*down)) fields.push_back(fmt::format(".down = {}", raw_literal(**down)));
    else if (*down) reversible = false;
    if (!fields.empty()) text += fmt::format(",\n    .{} = {{{}}}", dialect, fmt::join(fields, ", "));
  }
  // The origin had no downgrade: say so rather than pretend an empty one undoes anything.
  if (!reversible) text += ",\n    .irreversible = true";
  text += fmt::format(");\n\n}}  // namespace {}\n", ns);
  return text;
}

std::string render_skeleton(const foreign_revision& r, const std::string& struct_name, const std::string& file_name,
                            std::string_view ns, store_kind store, std::string_view origin) {
  const session_info session = session_for(store);
  std::vector<std::string> quoted;
  for (const std::string& parent : r.parents) quoted.push_back(cpp_string_literal(parent));
  const std::string description = one_line(r.description);
  const template_values values = {
      {"revision", r.id},
      {"down_revisions", r.parents.empty() ? std::string("none") : fmt::format("{}", fmt::join(r.parents, ", "))},
      {"revises", fmt::format("{{{}}}", fmt::join(quoted, ", "))},
      {"description", comment_text(description)},
      {"description_literal", cpp_string_literal(description)},
      {"created", r.created.empty() ? std::string() : comment_text(r.created)},
      {"slug", slugify(description)},
      {"struct_name", struct_name},
      {"namespace", std::string(ns)},
      {"file_name", file_name},
      {"store", std::string(session.store)},
      {"session_type", std::string(session.type)},
      {"session_header", std::string(session.header)},
  };
  std::string text = render_template(builtin_template(migration_kind::code), values, "built-in code template");
  // Never silently empty: the build stops here until someone ports the origin's upgrade() and downgrade().
  const std::string stop = fmt::format(
      "// Imported from {0} {1}: port its upgrade() and downgrade() below, then delete this static_assert.\n"
      "static_assert(false, {2});\n\n",
      origin, comment_text(file_label(r)),
      cpp_string_literal(fmt::format("{}: imported from {} {} without its body; port upgrade()/downgrade() and "
                                     "delete this static_assert",
                                     file_name, origin, file_label(r))));
  const std::size_t macro = text.find("MIGRATE_CODE_MIGRATION(");
  if (macro == std::string::npos) throw error("the built-in code template lost its MIGRATE_CODE_MIGRATION");
  text.insert(macro, stop);
  return text;
}

}  // namespace

void check_imported_chain(const std::vector<foreign_revision>& revisions, const std::filesystem::path& directory) {
  if (revisions.empty()) throw error("nothing to import");
  for (const foreign_revision& r : revisions)
    if (const auto path = directory / target_file_name(r); std::filesystem::exists(path))
      throw error(fmt::format("{}: already exists; not overwriting it (nothing was written)", path.string()));
  // The build's chain rules, over the headers already there and the imported ones named by their source files.
  std::vector<migration_file> files = read_migration_directory(directory);
  for (const foreign_revision& r : revisions) {
    migration_file file;
    file.file_name = file_label(r);
    file.header.revision = r.id;
    file.header.revises = r.parents;
    files.push_back(std::move(file));
  }
  const chain_analysis chain = analyze_chain(files);
  if (chain.problem != migrate::detail::chain_problem::none)
    throw error(fmt::format("the imported chain is broken; nothing was written:\n  {}", chain.message));
}

import_result write_imported(std::vector<foreign_revision> revisions, const std::filesystem::path& directory,
                             store_kind code_store, std::string_view origin,
                             const std::optional<std::string>& namespace_name) {
  check_imported_chain(revisions, directory);

  const std::string ns = choose_namespace(directory, namespace_name);
  if (!is_qualified_identifier(ns)) throw error(fmt::format("\"{}\" is not a namespace name", ns));
  std::sort(revisions.begin(), revisions.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::vector<std::pair<std::filesystem::path, std::string>> outputs;
  for (const foreign_revision& r : revisions) {
    const std::string file_name = target_file_name(r);
    const std::string struct_name = fmt::format("m_{}_{}", identifier_part(r.id), slug_of(r));
    const bool sql = r.up || r.sqlite_up || r.postgresql_up;
    std::string text = sql ? render_sql(r, struct_name, ns, origin)
                           : render_skeleton(r, struct_name, file_name, ns, code_store, origin);
    const migration_header parsed = parse_migration_header(text, file_name);  // what the index will read back
    if (parsed.revision != r.id || parsed.revises != r.parents)
      throw error(fmt::format("{}: the rendered header does not read back as revision {}", file_name, r.id));
    const std::filesystem::path path = directory / file_name;
    outputs.emplace_back(path, std::move(text));
  }
  std::filesystem::create_directories(directory);
  import_result result;
  for (const auto& [path, text] : outputs) {
    write_new_file(path, text);
    result.written.push_back(path);
  }
  update_index(directory, ns);
  return result;
}

import_result import_go(const std::filesystem::path& file, const std::filesystem::path& directory,
                        const std::optional<std::string>& namespace_name) {
  return write_imported(parse_go_migrations(read_source(file), file.filename().string()), directory, store_kind::sqlite,
                        "the Go runner's", namespace_name);
}


std::vector<foreign_revision> read_python_revisions(const std::filesystem::path& source) {
  if (!std::filesystem::is_directory(source)) throw error(fmt::format("{}: no such directory", source.string()));
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(source)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.ends_with(".py") && name != "__init__.py" && !name.starts_with("."))
      paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) throw error(fmt::format("{}: no .py revision files", source.string()));
  std::vector<foreign_revision> revisions;
  for (const auto& path : paths) revisions.push_back(parse_python_revision(read_source(path), path.filename().string()));
  return revisions;
}

import_result import_fhir_migrations(const std::filesystem::path& source, const std::filesystem::path& directory,
                                     const std::optional<std::string>& namespace_name) {
  return write_imported(read_python_revisions(source), directory, store_kind::fhir, "the FHIR migration tool's", namespace_name);
}

}  // namespace migrate_new
