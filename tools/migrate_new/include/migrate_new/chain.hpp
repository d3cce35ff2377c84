#pragma once
/// Reading a migration directory and judging its revision chain.

#include <migrate_new/header_parser.hpp>

#include <migrate/core/detail/chain_analysis.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace migrate_new {

/// One parsed header of a migration directory.
struct migration_file {
  std::string file_name;  ///< e.g. `3f2a9c1b7d4e_add_phone_number.hpp`
  migration_header header;
};

/// Every migration header in `directory`, sorted by file name; `index.hpp`, hidden files and
/// files not ending in `.hpp` are skipped. A missing directory holds none.
/// Throws `migrate_new::error` listing every header that cannot be parsed.
std::vector<migration_file> read_migration_directory(const std::filesystem::path& directory);

/// What the build would say about a directory's chain, and its heads.
struct chain_analysis {
  /// The first problem, found by the registry's own analysis (`migrate::detail::analyse_chain_into`), so
  /// migrate-new and the build always agree; `several_heads` is the one migrate-new can repair (`--merge`).
  migrate::detail::chain_problem problem = migrate::detail::chain_problem::none;
  std::string message;             ///< the problem as one readable sentence naming the file; empty when none
  std::vector<std::string> heads;  ///< revisions nothing revises, in file-name order (when no other problem)

  /// Whether the chain has a problem other than several heads.
  bool broken() const {
    return problem != migrate::detail::chain_problem::none && problem != migrate::detail::chain_problem::several_heads;
  }
};

/// Why `id` breaks the build's revision-id rule, e.g. `65 characters` or `'/' at position 3`; `well-formed` if it does not.
std::string describe_revision_flaw(std::string_view id);

/// Judges the chain of `files` by the registry's rules (revision ids, duplicates, parents, roots, cycles, heads).
chain_analysis analyze_chain(const std::vector<migration_file>& files);

}  // namespace migrate_new
