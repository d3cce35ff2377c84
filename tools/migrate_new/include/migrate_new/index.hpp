#pragma once
/// The generated `index.hpp`: one `registry` alias over every migration of a directory.

#include <migrate_new/chain.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate_new {

/// Namespace of the `registry` alias when nothing else says otherwise.
inline constexpr std::string_view default_namespace = "migrations";

/// The index header for `files` (already sorted), declaring `registry_namespace::registry`. Each header is
/// included as `"<include_directory>/<file>"`, or by its bare name when `include_directory` is empty (an index
/// beside the headers). Throws `migrate_new::error` for a path that cannot appear in an `#include "..."`.
std::string render_index(const std::vector<migration_file>& files, std::string_view registry_namespace,
                         const std::filesystem::path& include_directory = {});

/// The namespace of the `registry` alias in an index header's text, if it declares one.
std::optional<std::string> find_index_namespace(std::string_view index_text);

/// `requested` if given, else the namespace of the `registry` alias in `directory/index.hpp`, else the namespace
/// the directory's migration headers declare their structs in, else `migrations`.
std::string choose_namespace(const std::filesystem::path& directory, const std::optional<std::string>& requested);

/// Regenerates the index of `directory` at `output` (default `directory/index.hpp`; elsewhere, e.g. in a build
/// tree, it includes the headers by absolute path), writing only when its content changes; returns whether it
/// wrote. Throws `migrate_new::error` when a header cannot be parsed; a broken chain is left to `migrate::registry`.
bool update_index(const std::filesystem::path& directory, std::string_view registry_namespace,
                  const std::filesystem::path& output = {});

/// Replaces `path`'s content by `content` unless it already is; returns whether it wrote.
bool write_if_changed(const std::filesystem::path& path, std::string_view content);

}  // namespace migrate_new
