// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// The CLI's exit codes and how migrate's errors map onto them.

#include <migrate/core/errors.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli {

/// What the process exit status means; stable, documented in docs/cli.md and `--help`.
enum class exit_code : int {
  ok = 0,             ///< the command did what was asked
  failed = 1,         ///< a migration failed, or the store could not be read or written
  usage = 2,          ///< bad command, option or target; missing --yes; an irreversible step; nothing was run
  check_failed = 3,   ///< the store disagrees with this build (verify findings, dirty, drift, unknown revision)
  busy = 4,           ///< another migration run held the lock too long, or changed the state under us
};

/// The exit code for a migrate error.
constexpr exit_code exit_code_for(errc code) noexcept {
  switch (code) {
    case errc::invalid_target:
    case errc::irreversible:
    case errc::bad_database_url: return exit_code::usage;
    case errc::unknown_revision:
    case errc::checksum_mismatch:
    case errc::dirty_state:
    case errc::invalid_state:
    case errc::unmanaged_database: return exit_code::check_failed;
    case errc::lock_timeout:
    case errc::concurrent_modification:
    case errc::lost_lease: return exit_code::busy;
    case errc::migration_failed:
    case errc::store_failure: return exit_code::failed;
  }
  return exit_code::failed;
}


}  // namespace migrate::cli
