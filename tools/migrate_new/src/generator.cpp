#include <migrate_new/generator.hpp>

#include <migrate_new/chain.hpp>
#include <migrate_new/error.hpp>
#include <migrate_new/index.hpp>
#include <migrate_new/templates.hpp>
#include <migrate_new/text.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>

namespace migrate_new {
namespace {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%d %H:%M:%S}", fmt::gmtime(now));
}

std::string read_template_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error(fmt::format("{}: template cannot be read", path.string()));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The description with surrounding whitespace trimmed; refuses what cannot be one line of UTF-8.
std::string checked_description(std::string_view description) {
  constexpr std::string_view blanks = " \t";
  const std::size_t first = description.find_first_not_of(blanks);
  description = first == std::string_view::npos ? std::string_view{}
                                                : description.substr(first, description.find_last_not_of(blanks) - first + 1);
  if (!is_valid_utf8(description)) throw error("the description is not valid UTF-8");
  const bool has_control = std::any_of(description.begin(), description.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (has_control) throw error("the description must be one line without control characters (no newlines or tabs)");
  return std::string(description);
}

std::string merge_description(const std::vector<std::string>& heads) {
  return fmt::format("merge heads {}", fmt::join(heads, ", "));
}

std::string fresh_revision_id(const std::vector<migration_file>& files) {
  while (true) {
    std::string id = random_revision_id();
    const bool taken = std::any_of(files.begin(), files.end(), [&](const migration_file& f) { return f.header.revision == id; });
    if (!taken) return id;
  }
}

/// `id` when the build would accept it as a new revision of `files`.
std::string checked_revision(const std::string& id, const std::vector<migration_file>& files) {
  if (!migrate::is_valid_revision(id))
    throw error(fmt::format("--rev-id \"{}\" is malformed ({}); use {}", id, describe_revision_flaw(id), migrate::revision_rule));
  for (const migration_file& f : files)
    if (f.header.revision == id) throw error(fmt::format("--rev-id \"{}\" is already the revision of {}", id, f.file_name));
  return id;
}

std::vector<std::string> down_revisions_for(const new_migration_request& request, const chain_analysis& chain) {
  if (request.merge && chain.heads.size() < 2)
    throw error(fmt::format("nothing to merge: the directory has {} head{}{}", chain.heads.size(),
                            chain.heads.size() == 1 ? " " : "s", chain.heads.empty() ? "" : chain.heads.front()));
  if (!request.merge && chain.heads.size() > 1)
    throw error(fmt::format("the directory has {} heads ({}); join them first with: migrate-new --merge \"merge heads\"",
                            chain.heads.size(), fmt::join(chain.heads, ", ")));
  return chain.heads;
}

/// Refuses a template whose output migrate-new could not read back as the migration it meant.
void check_rendered(std::string_view rendered, std::string_view template_name, const std::string& revision,
                    const std::vector<std::string>& revises) {
  migration_header header;
  try {
    header = parse_migration_header(rendered, fmt::format("header rendered from {}", template_name));
  } catch (const error& e) {
    throw error(fmt::format("{} does not render a migration header: {}", template_name, e.what()));
  }
  if (header.revision != revision || header.revises != revises)
    throw error(fmt::format("{} must set .revision = \"${{revision}}\" and .revises = ${{revises}}", template_name));
}

}  // namespace

session_info session_for(store_kind store) {
  switch (store) {
    case store_kind::postgres: return {"migrate::postgres::session", "migrate/postgres/session.hpp", "postgres"};
    case store_kind::fhir: return {"migrate::fhir::session", "migrate/fhir/session.hpp", "fhir"};
    case store_kind::sqlite: break;
  }
  return {"migrate::sqlite::session", "migrate/sqlite/session.hpp", "sqlite"};
}

std::optional<store_kind> parse_store_kind(std::string_view name) {
  if (name == "sqlite") return store_kind::sqlite;
  if (name == "postgres") return store_kind::postgres;
  if (name == "fhir") return store_kind::fhir;
  return std::nullopt;
}

std::string random_revision_id() {
  std::random_device source;
  std::uniform_int_distribution<unsigned> digit(0, 15);
  std::string id(12, '0');
  for (char& c : id) c = "0123456789abcdef"[digit(source)];
  return id;
}

void write_new_file(const std::filesystem::path& path, std::string_view content) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.string().c_str(), "wbx"), &std::fclose);
  if (!file) {
    if (std::filesystem::exists(path)) throw error(fmt::format("{}: already exists; not overwriting it", path.string()));
    throw error(fmt::format("{}: cannot be created", path.string()));
  }
  if (std::fwrite(content.data(), 1, content.size(), file.get()) != content.size())
    throw error(fmt::format("{}: cannot be written", path.string()));
}

new_migration create_migration(const new_migration_request& request) {
  const std::vector<migration_file> files = read_migration_directory(request.directory);
  const chain_analysis chain = analyze_chain(files);
  if (chain.broken())
    throw error(fmt::format("the migration chain in {} is broken; fix it before adding a migration:\n  {}",
                            request.directory.string(), chain.message));
  const std::vector<std::string> revises = down_revisions_for(request, chain);

  std::string description = checked_description(request.description);
  if (description.empty() && request.merge) description = merge_description(revises);
  const std::string slug = slugify(description);
  if (slug.empty())
    throw error(fmt::format("the description \"{}\" has no ASCII letter or digit to name the file after", description));

  const std::string namespace_name = choose_namespace(request.directory, request.namespace_name);
  if (!is_qualified_identifier(namespace_name)) throw error(fmt::format("\"{}\" is not a namespace name", namespace_name));

  const std::string revision = request.revision ? checked_revision(*request.revision, files) : fresh_revision_id(files);
  const std::string file_name = fmt::format("{}_{}.hpp", revision, slug);
  std::vector<std::string> quoted_revises;
  for (const std::string& id : revises) quoted_revises.push_back(cpp_string_literal(id));
  const session_info session = session_for(request.store);
  const template_values values = {
      {"revision", revision},
      {"down_revisions", revises.empty() ? std::string("none") : fmt::format("{}", fmt::join(revises, ", "))},
      {"revises", fmt::format("{{{}}}", fmt::join(quoted_revises, ", "))},
      {"description", comment_text(description)},
      {"description_literal", cpp_string_literal(description)},
      {"created", utc_now()},
      {"slug", slug},
      {"struct_name", fmt::format("m_{}_{}", identifier_part(revision), slug)},
      {"namespace", namespace_name},
      {"file_name", file_name},
      {"store", std::string(session.store)},
      {"session_type", std::string(session.type)},
      {"session_header", std::string(session.header)},
  };
  const std::string template_name =
      request.template_file ? request.template_file->string()
                            : fmt::format("built-in {} template", request.kind == migration_kind::sql ? "SQL" : "code");
  const std::string rendered = render_template(
      request.template_file ? read_template_file(*request.template_file) : std::string(builtin_template(request.kind)),
      values, template_name);
  check_rendered(rendered, template_name, revision, revises);

  std::filesystem::create_directories(request.directory);
  const std::filesystem::path path = request.directory / file_name;
  write_new_file(path, rendered);
  // An index kept beside the headers is kept current; none is created, as the build generates it in its own tree
  // (migrate_add_migrations), where two branches adding migrations cannot conflict on it.
  const bool index_written =
      std::filesystem::exists(request.directory / "index.hpp") && update_index(request.directory, namespace_name);
  return {path, revision, revises, index_written};
}

}  // namespace migrate_new
