#pragma once
/// The `migrate-new` command line, runnable in-process by tests.

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate_new {

/// Looks up an environment variable.
using environment = std::function<std::optional<std::string>(std::string_view name)>;

/// The real process environment.
environment process_environment();

/// Runs migrate-new with `arguments` (without the program name); returns the exit code
/// (0 ok, 1 refused, 2 usage). Normal output goes to `out`, diagnostics to `err`.
int run(const std::vector<std::string>& arguments, const environment& env, std::ostream& out, std::ostream& err);

}  // namespace migrate_new
