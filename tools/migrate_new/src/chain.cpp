#include <migrate_new/chain.hpp>

#include <migrate_new/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

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

bool is_valid_revision_id(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

/// Depth-first search over down revisions that reports every cycle once.
class cycle_finder {
 public:
  explicit cycle_finder(const std::map<std::string, const migration_file*>& by_revision) : by_revision_(by_revision) {}

  std::vector<std::string> find() {
    for (const auto& [revision, file] : by_revision_) visit(revision);
    return std::move(cycles_);
  }

 private:
  enum class state { unvisited, on_path, done };

  void visit(const std::string& revision) {
    const auto found = by_revision_.find(revision);
    if (found == by_revision_.end() || state_[revision] == state::done) return;
    state_[revision] = state::on_path;
    path_.push_back(revision);
    for (const std::string& parent : found->second->header.revises) {
      if (state_[parent] == state::on_path) {
        const auto start = std::find(path_.begin(), path_.end(), parent);
        cycles_.push_back(fmt::format("cycle: {} -> {} (each revises the next)", fmt::join(start, path_.end(), " -> "), parent));
      } else {
        visit(parent);
      }
    }
    path_.pop_back();
    state_[revision] = state::done;
  }

  const std::map<std::string, const migration_file*>& by_revision_;
  std::map<std::string, state> state_;
  std::vector<std::string> path_;
  std::vector<std::string> cycles_;
};

}  // namespace

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
  chain_analysis analysis;
  std::map<std::string, const migration_file*> by_revision;
  for (const migration_file& file : files) {
    const auto& revision = file.header.revision;
    if (!is_valid_revision_id(revision))
      analysis.problems.push_back(
          fmt::format("{}: revision id \"{}\" may hold only letters, digits, '_', '-' and '.'", file.file_name, revision));
    const auto [existing, inserted] = by_revision.emplace(revision, &file);
    if (!inserted)
      analysis.problems.push_back(fmt::format("duplicate revision {} in {} and {}", revision,
                                              existing->second->file_name, file.file_name));
  }

  std::set<std::string> revised;
  std::vector<const migration_file*> roots;
  for (const migration_file& file : files) {
    const auto& parents = file.header.revises;
    if (parents.empty()) roots.push_back(&file);
    for (auto parent = parents.begin(); parent != parents.end(); ++parent) {
      revised.insert(*parent);
      if (std::find(parents.begin(), parent, *parent) != parent)
        analysis.problems.push_back(fmt::format("{}: revises {} twice", file.file_name, *parent));
      else if (!by_revision.contains(*parent))
        analysis.problems.push_back(fmt::format("{}: revises {}, which no migration in the directory declares",
                                                file.file_name, *parent));
    }
  }
  if (roots.size() > 1) {
    std::vector<std::string> names;
    for (const migration_file* root : roots) names.push_back(fmt::format("{} ({})", root->header.revision, root->file_name));
    analysis.problems.push_back(fmt::format("several roots (migrations that revise nothing): {}", fmt::join(names, ", ")));
  }
  for (std::string& cycle : cycle_finder(by_revision).find()) analysis.problems.push_back(std::move(cycle));

  for (const migration_file& file : files)
    if (!revised.contains(file.header.revision) && by_revision.at(file.header.revision) == &file)
      analysis.heads.push_back(file.header.revision);
  return analysis;
}

}  // namespace migrate_new
