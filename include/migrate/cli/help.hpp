// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// The `--help` texts: the command list with exit codes, and one page per command.

#include <string>
#include <string_view>

#include <migrate/cli/command_line.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli {

/// What the help texts say about the application embedding the CLI.
struct help_context {
  std::string_view program;               ///< e.g. "clinic migrate"
  std::string_view default_database_url;  ///< already free of secrets
  std::size_t migration_count = 0;
  std::string_view head;                  ///< this build's head revision; empty without migrations
};

/// The overview: usage, commands, options, exit codes.
std::string global_help(const help_context& context);
/// The page for one command.
std::string command_help(const help_context& context, const command_spec& spec);

}  // namespace migrate::cli

#include <migrate/cli/impl/help.hpp>
