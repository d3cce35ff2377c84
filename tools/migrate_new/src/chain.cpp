#include <migrate_new/chain.hpp>

#include <migrate_new/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <cstdint>

namespace migrate_new {
namespace {

bool is_migration_header_name(const std::string& name) {
  return name.ends_with(".hpp") && name != "index.hpp" && !name.starts_with(".");
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error(fmt::format("{}: cannot be read", path.string()));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

using migrate::detail::chain_problem;

/// `migrate::detail::fixed_chain_workspace` sized at run time.
struct chain_workspace {
  explicit chain_workspace(std::size_t n)
      : slots(migrate::detail::id_table_size(n)), parent_begin(n + 1), parent_list(n * migrate::max_down_revisions),
        child_count(n),
        child_begin(n + 1), child_list(n * migrate::max_down_revisions), child_fill(n), waiting_parents(n),
        visited(n) {}
  std::vector<std::uint32_t> slots;
  std::vector<std::size_t> parent_begin;
  std::vector<std::uint32_t> parent_list;
  std::vector<std::uint32_t> child_count;
  std::vector<std::size_t> child_begin;
  std::vector<std::uint32_t> child_list;
  std::vector<std::size_t> child_fill;
  std::vector<std::size_t> waiting_parents;
  std::vector<bool> visited;
};

/// The declaration as the compiler sees it; string views into `file`.
migrate::migration_spec spec_of(const migration_file& file) {
  const auto& revises = file.header.revises;
  // The parser refuses more; this guards the fixed-size list below.
  if (revises.size() > migrate::max_down_revisions)
    throw error(fmt::format("{}: more than {} down revisions", file.file_name, migrate::max_down_revisions));
  migrate::migration_spec spec;
  spec.revision = file.header.revision;
  for (const std::string& parent : revises) spec.revises.ids[spec.revises.count++] = parent;
  return spec;
}

/// Why `id` breaks the revision-id rule, e.g. `65 characters` or `'/' at position 3`.
std::string revision_flaw_text(std::string_view id) {
  switch (migrate::find_revision_flaw(id)) {
    case migrate::revision_flaw::empty: return "empty";
    case migrate::revision_flaw::too_long: return fmt::format("{} characters", id.size());
    case migrate::revision_flaw::bad_character: {
      const auto bad = std::find_if_not(id.begin(), id.end(), migrate::is_revision_char);
      const auto byte = static_cast<unsigned char>(*bad);
      const std::size_t position = static_cast<std::size_t>(bad - id.begin()) + 1;
      return byte > 0x20 && byte < 0x7f ? fmt::format("'{}' at position {}", *bad, position)
                                        : fmt::format("byte 0x{:02x} at position {}", byte, position);
    }
    case migrate::revision_flaw::none: break;
  }
  return "well-formed";
}

/// The loop through `start`, which lies on a cycle, as `a -> b -> a` (each revises the next), beginning at the
/// loop's first file so the text does not depend on where the analysis entered it.
std::string cycle_path(const std::vector<migration_file>& files, const chain_workspace& w, std::size_t start) {
  const auto& self = files[start].header;
  if (std::find(self.revises.begin(), self.revises.end(), self.revision) != self.revises.end())
    return fmt::format("{0} -> {0}", self.revision);
  // The analysis's own walk: the first parent the root did not reach, until back at the start.
  std::vector<std::size_t> loop = {start};
  for (std::size_t node = start; loop.size() <= files.size();) {
    for (std::size_t e = w.parent_begin[node]; e < w.parent_begin[node + 1]; ++e)
      if (!w.visited[w.parent_list[e]]) {
        node = w.parent_list[e];
        break;
      }
    if (node == start) break;
    loop.push_back(node);
  }
  std::rotate(loop.begin(), std::min_element(loop.begin(), loop.end()), loop.end());
  loop.push_back(loop.front());
  std::vector<std::string_view> path;
  for (std::size_t node : loop) path.push_back(files[node].header.revision);
  return fmt::format("{}", fmt::join(path, " -> "));
}

std::string describe(const std::vector<migration_file>& files, const chain_workspace& w,
                     const migrate::detail::chain_verdict& verdict) {
  const std::string& file = files[verdict.culprit].file_name;
  const std::string_view id = verdict.revision;
  switch (verdict.problem) {
    case chain_problem::none: return {};
    case chain_problem::empty_revision: return fmt::format("{}: .revision is empty", file);
    case chain_problem::malformed_revision:
      return fmt::format("{}: revision id \"{}\" is malformed ({}); use {}", file, id, revision_flaw_text(id),
                         migrate::revision_rule);
    case chain_problem::duplicate_revision:
      return fmt::format("duplicate revision {} in {} and {}", id, files[verdict.other].file_name, file);
    case chain_problem::malformed_down_revision:
      return fmt::format("{}: .revises holds the malformed revision id \"{}\" ({}); use {}", file, id,
                         revision_flaw_text(id), migrate::revision_rule);
    case chain_problem::duplicate_down_revision: return fmt::format("{}: revises {} twice", file, id);
    case chain_problem::missing_down_revision:
      return fmt::format("{}: revises {}, which no migration in the directory declares", file, id);
    case chain_problem::no_root:
      return "no root (a migration that revises nothing): every migration revises another, so the chain has a cycle";
    case chain_problem::several_roots:
    case chain_problem::several_heads: {
      const bool roots = verdict.problem == chain_problem::several_roots;
      std::vector<std::string> names;
      for (std::size_t i = 0; i < files.size(); ++i)
        if (roots ? files[i].header.revises.empty() : w.child_count[i] == 0)
          names.push_back(fmt::format("{} ({})", files[i].header.revision, files[i].file_name));
      return fmt::format("several {}: {}", roots ? "roots (migrations that revise nothing)" : "heads (revisions nothing revises)",
                         fmt::join(names, ", "));
    }
    case chain_problem::cycle:
      return fmt::format("cycle: {} (each revises the next)", cycle_path(files, w, verdict.culprit));
  }
  return {};
}

}  // namespace

std::string describe_revision_flaw(std::string_view id) { return revision_flaw_text(id); }

std::vector<migration_file> read_migration_directory(const std::filesystem::path& directory) {
  std::vector<migration_file> files;
  if (!std::filesystem::exists(directory)) return files;
  if (!std::filesystem::is_directory(directory))
    throw error(fmt::format("{}: is not a directory", directory.string()));
  std::vector<std::string> failures;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !is_migration_header_name(name)) continue;
    try {
      files.push_back({name, parse_migration_header(read_file(entry.path()), (directory / name).string())});
    } catch (const error& e) {
      failures.push_back(e.what());
    }
  }
  if (!failures.empty()) {
    std::sort(failures.begin(), failures.end());
    throw error(fmt::format("{}", fmt::join(failures, "\n")));
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.file_name < b.file_name; });
  return files;
}

chain_analysis analyze_chain(const std::vector<migration_file>& files) {
  const std::size_t n = files.size();
  std::vector<migrate::migration_spec> specs;
  specs.reserve(n);
  for (const migration_file& file : files) specs.push_back(spec_of(file));
  std::vector<const migrate::migration_spec*> spec_pointers;
  std::vector<migrate::detail::migration_keys> keys;
  for (const migrate::migration_spec& spec : specs) {
    spec_pointers.push_back(&spec);
    keys.push_back(migrate::detail::keys_of(spec));
  }
  chain_workspace workspace(n);
  std::vector<std::uint32_t> order(n);
  const migrate::detail::chain_verdict verdict = migrate::detail::analyse_chain_into(spec_pointers, keys, n, workspace, order);

  chain_analysis analysis;
  analysis.problem = verdict.problem;
  analysis.message = describe(files, workspace, verdict);
  if (verdict.problem == chain_problem::none || verdict.problem == chain_problem::several_heads)
    for (std::size_t i = 0; i < n; ++i)
      if (workspace.child_count[i] == 0) analysis.heads.push_back(files[i].header.revision);
  return analysis;
}

}  // namespace migrate_new
