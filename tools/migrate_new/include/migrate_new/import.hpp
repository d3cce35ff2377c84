#pragma once
/// Importing another tool's migrations (Alembic, the Go runner, the Flask FHIR tool) as migration headers.

#include <migrate_new/generator.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate_new {

/// One revision read from a foreign project, before it becomes a header.
struct foreign_revision {
  std::string source;                 ///< the file it came from (and `:line` for the Go runner), for messages
  std::string id;                     ///< its revision id, kept as the origin wrote it
  std::vector<std::string> parents;   ///< its down revisions; empty for the root
  std::string description;
  std::string created;                ///< as the origin wrote it; empty when it kept none
  /// SQL per dialect, when known (Alembic rendered offline, the Go runner's strings); else a code skeleton.
  std::optional<std::string> up, down;                        ///< portable text
  std::optional<std::string> sqlite_up, sqlite_down;          ///< SQLite text when it differs from PostgreSQL's
  std::optional<std::string> postgresql_up, postgresql_down;  ///< PostgreSQL text when it differs from SQLite's
};

/// An Alembic (or Flask FHIR tool) revision file's header: `revision`, `down_revision`, the docstring's
/// first line (else the first comment line, else the file name) and its `Create Date:`.
/// Throws `migrate_new::error` naming `file_name` when it has no `revision` or `down_revision`.
foreign_revision parse_python_revision(std::string_view text, std::string_view file_name);

/// The Go runner's `{Version: N, Description: "...", Up: `...`, Down: `...`}` literals of one file, ids "N",
/// each revising the previous version. Throws `migrate_new::error` naming `file:line` for a duplicate version
/// or a literal without Up.
std::vector<foreign_revision> parse_go_migrations(std::string_view text, std::string_view file_name);

/// Statements of Alembic's offline output without Alembic's own bookkeeping (its `alembic_version` table,
/// `BEGIN;`/`COMMIT;`, `-- Running ...` comments).
std::string strip_alembic_bookkeeping(std::string_view rendered);

/// How to render an Alembic project's SQL.
struct alembic_options {
  std::optional<std::filesystem::path> python;  ///< else /usr/bin/python3 when it exists, else python3
  std::optional<std::filesystem::path> config;  ///< the project's alembic.ini; else found next to or above the versions
  bool skeletons = false;                       ///< write code skeletons even when Alembic is installed
};

/// What an import wrote.
struct import_result {
  std::vector<std::filesystem::path> written;
  std::string note;  ///< e.g. why code skeletons were written instead of SQL
};

/// Imports `versions` (an Alembic versions directory) into `directory`.
import_result import_alembic(const std::filesystem::path& versions, const std::filesystem::path& directory,
                             const alembic_options& options, const std::optional<std::string>& namespace_name);

/// Imports the Go runner's migrations file into `directory`.
import_result import_go(const std::filesystem::path& file, const std::filesystem::path& directory,
                        const std::optional<std::string>& namespace_name);

/// Imports the Flask FHIR tool's migrations directory into `directory` as FHIR code-migration skeletons.
import_result import_fhir_migrations(const std::filesystem::path& source, const std::filesystem::path& directory,
                                     const std::optional<std::string>& namespace_name);

/// Every `*.py` file of `source` (not `__init__.py`) parsed as a revision, in file-name order.
std::vector<foreign_revision> read_python_revisions(const std::filesystem::path& source);

/// Refuses (`migrate_new::error` naming the files) when `revisions`, with the headers already in `directory`,
/// break the build's chain rules or have several heads.
void check_imported_chain(const std::vector<foreign_revision>& revisions, const std::filesystem::path& directory);

/// Writes `revisions` into `directory` as headers: refuses, writing nothing, when their chain (with the headers
/// already there) is broken or has several heads, or a file exists; then regenerates the index.
/// `code_store` is the store of skeletons' sessions; `origin` labels them ("Alembic", ...).
import_result write_imported(std::vector<foreign_revision> revisions, const std::filesystem::path& directory,
                             store_kind code_store, std::string_view origin,
                             const std::optional<std::string>& namespace_name);

}  // namespace migrate_new
