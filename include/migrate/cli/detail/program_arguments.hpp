// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// `main`'s arguments as the CLI reads them: the program's name and the arguments after it.

#include <string>
#include <string_view>
#include <vector>

#include <migrate/cli/options.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli::detail {

inline std::string program_name(const options& opts, const char* argv0) {
  if (!opts.program.empty()) return opts.program;
  std::string_view name = argv0 ? argv0 : "";
  if (auto slash = name.rfind('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  return name.empty() ? std::string("migrate") : std::string(name);
}

inline std::vector<std::string_view> arguments_of(int argc, char** argv) {
  std::vector<std::string_view> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return args;
}

}  // namespace migrate::cli::detail
