// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Typed errors thrown by migrate; every one leaves the store as it was.

#include <stdexcept>
#include <string>
#include <string_view>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// What went wrong, for programs that branch on it (the CLI maps these to exit codes).
enum class errc {
  unknown_revision,         ///< the store names a revision this build does not know
  checksum_mismatch,        ///< an applied SQL migration was edited afterwards
  dirty_state,              ///< a migration was interrupted; see `verify` and `stamp`
  migration_failed,         ///< a migration threw or the store rejected its statements
  irreversible,             ///< a downgrade would pass an irreversible migration
  invalid_target,           ///< a target revision or step count that cannot be reached
  invalid_state,            ///< the recorded state is not a consistent set of revisions
  lock_timeout,             ///< another runner held the lock for too long
  store_failure,            ///< the store itself failed (I/O, connection, protocol)
  concurrent_modification,  ///< the state changed under us (optimistic locking lost)
  bad_database_url,         ///< DATABASE_URL or --database is malformed or unsupported
  unmanaged_database,       ///< the database holds tables (or another tool's state) but no migrate state: adopt it
  lost_lease,               ///< another runner took the store's lock from under a running run; it stopped
};

/// The name of an error code as written in logs and `--json` output ("dirty_state", "lock_timeout", ...).
constexpr const char* to_string(errc code) noexcept {
  switch (code) {
    case errc::unknown_revision: return "unknown_revision";
    case errc::checksum_mismatch: return "checksum_mismatch";
    case errc::dirty_state: return "dirty_state";
    case errc::migration_failed: return "migration_failed";
    case errc::irreversible: return "irreversible";
    case errc::invalid_target: return "invalid_target";
    case errc::invalid_state: return "invalid_state";
    case errc::lock_timeout: return "lock_timeout";
    case errc::store_failure: return "store_failure";
    case errc::concurrent_modification: return "concurrent_modification";
    case errc::bad_database_url: return "bad_database_url";
    case errc::unmanaged_database: return "unmanaged_database";
    case errc::lost_lease: return "lost_lease";
  }
  return "error";
}

/// Base of every migrate error.
class error : public std::runtime_error {
 public:
  error(errc code, const std::string& what) : std::runtime_error(what), code_(code) {}
  errc code() const noexcept { return code_; }

 private:
  errc code_;
};

/// A migration failed; the store rolled it back (or marked it dirty when it could not).
class migration_failed_error : public error {
 public:
  /// `code` stays `migration_failed` unless the step was stopped by exclusion (`lost_lease`, `lock_timeout`,
  /// `concurrent_modification`), which the CLI reports as busy (exit 4).
  migration_failed_error(std::string revision, std::string store_message, const std::string& what,
                         errc code = errc::migration_failed)
      : error(code, what),
        revision_(std::move(revision)),
        store_message_(std::move(store_message)) {}
  const std::string& revision() const noexcept { return revision_; }
  /// The database's or server's own message.
  const std::string& store_message() const noexcept { return store_message_; }

 private:
  std::string revision_;
  std::string store_message_;
};

/// A store's account of a failed step it could not undo whole (e.g. the migration's own SQL ended the step's
/// transaction): the migrator reports `left()` instead of "it was rolled back".
class incomplete_step_error : public error {
 public:
  incomplete_step_error(errc code, const std::string& what, std::string left)
      : error(code, what), left_(std::move(left)) {}
  /// What the failed step left behind and how to recover.
  const std::string& left() const noexcept { return left_; }

 private:
  std::string left_;
};

/// The store could not be read or written (I/O, connection, server fault).
class store_error : public error {
 public:
  explicit store_error(const std::string& what, errc code = errc::store_failure) : error(code, what) {}
};

}  // namespace migrate
