// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// What a store records about one applied migration.

#include <cstdint>
#include <string>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// One row of a store's migration state.
struct applied_migration {
  std::string revision{};
  std::string description{};
  std::string checksum{};      ///< 16 hex digits for SQL migrations, empty for code migrations
  std::string applied_at{};    ///< UTC, ISO 8601 ("2026-11-22T10:00:00Z")
  std::int64_t execution_ms = 0;
  bool in_progress = false;    ///< written before a step that cannot be atomic; left behind by a crash
  std::string problem{};       ///< set by a store when the row itself is malformed (e.g. in_progress = 7)
  /// How the row came to be: "upgrade" (a run applied it), "stamp", "adopt:<tool>" (taken over from another
  /// tool); empty in rows written before migrate recorded it, which read as "upgrade".
  std::string recorded_by{};

  friend bool operator==(const applied_migration&, const applied_migration&) = default;
};

}  // namespace migrate
