// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::cli::options`: how an application embeds the command line (name, streams, defaults, sinks).

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <migrate/core/default_database.hpp>
#include <migrate/core/events.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli {

/// Reads one environment variable; nothing when unset.
using environment_lookup = std::function<std::optional<std::string>(std::string_view name)>;

/// The process environment.
inline std::optional<std::string> process_environment(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  if (!value) return std::nullopt;
  return std::string(value);
}

/// How the CLI is embedded in an application.
struct options {
  /// Shown in usage lines and hints, e.g. "clinic migrate"; empty: taken from argv[0], else "migrate".
  std::string program;
  /// Human and JSON output.
  std::FILE* out = stdout;
  /// Errors, warnings and the progress display.
  std::FILE* err = stderr;
  /// Used when neither `--database` nor `DATABASE_URL` names a database.
  std::string default_database_url{migrate::default_database_url};
  /// Where `DATABASE_URL` and `NO_COLOR` are read from.
  environment_lookup environment = process_environment;
  /// Treat `out` and `err` as terminals (colour, progress) or not; unset: ask isatty(3).
  std::optional<bool> terminal{};
  /// Extra audit sinks for runs (e.g. the application's log); the CLI prints its own output regardless.
  events sinks{};
  /// Wrap every upgrade/downgrade in one transaction, as `--single-transaction` does.
  bool single_transaction = false;
};

}  // namespace migrate::cli
