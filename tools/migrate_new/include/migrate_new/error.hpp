#pragma once
/// The two ways migrate-new refuses: a user error (exit 1) and a usage error (exit 2).

#include <stdexcept>
#include <string>

namespace migrate_new {

/// Exit status of the tool.
enum exit_code : int { exit_ok = 0, exit_refused = 1, exit_usage = 2 };

/// The request cannot be done as asked (broken chain, unparseable header, existing file, ...).
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The command line itself is wrong.
class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace migrate_new
