#pragma once
/// Writing a new migration header into a directory, after checking the directory's chain.

#include <migrate_new/header_parser.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate_new {

/// The store a C++ code migration's session talks to.
enum class store_kind { sqlite, postgres, fhir };

/// The store named `name` (`sqlite`, `postgres`, `fhir`), if any.
std::optional<store_kind> parse_store_kind(std::string_view name);

/// What a code migration for a store includes and receives.
struct session_info {
  std::string_view type;    ///< e.g. `migrate::sqlite::session`
  std::string_view header;  ///< e.g. `migrate/sqlite/session.hpp`
  std::string_view store;   ///< e.g. `sqlite`
};

/// The session of `store`'s code migrations.
session_info session_for(store_kind store);

/// What to generate.
struct new_migration_request {
  std::filesystem::path directory;
  std::string description;  ///< may be empty only for a merge
  migration_kind kind = migration_kind::sql;
  store_kind store = store_kind::sqlite;
  bool merge = false;                                 ///< revise every current head
  std::optional<std::string> revision;               ///< `--rev-id`: this id instead of a random one
  std::optional<std::filesystem::path> template_file;  ///< instead of the built-in template
  std::optional<std::string> namespace_name;         ///< else the index's, else `migrations`
};

/// What was generated.
struct new_migration {
  std::filesystem::path path;
  std::string revision;
  std::vector<std::string> revises;
  bool index_written = false;
};

/// Twelve lowercase hex digits from the system's random source.
std::string random_revision_id();

/// Creates `path` holding `content`; throws `migrate_new::error` if it exists (never overwrites, even on a race).
void write_new_file(const std::filesystem::path& path, std::string_view content);

/// Writes a new migration header revising the directory's head (every head when merging) and
/// regenerates the directory's index. Throws `migrate_new::error`, having written nothing, when
/// the chain is broken, the heads do not fit the request, or the description is unusable.
new_migration create_migration(const new_migration_request& request);

}  // namespace migrate_new
