#pragma once
/// Reading a migration directory and judging its revision chain.

#include <migrate_new/header_parser.hpp>

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

/// What is wrong with a directory's chain, and its heads.
struct chain_analysis {
  std::vector<std::string> problems;  ///< one readable sentence each; empty for a sound chain
  std::vector<std::string> heads;     ///< revisions nothing revises, in file-name order
};

/// Finds duplicate revisions, missing parents, cycles, several roots and the heads of `files`.
chain_analysis analyze_chain(const std::vector<migration_file>& files);

}  // namespace migrate_new
