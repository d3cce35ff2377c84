// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// The state rows that stamp, reset and adopt write without running anything, and what they refuse to discard.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <migrate/core/adoption.hpp>
#include <migrate/core/chain.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/migration_info.hpp>
#include <migrate/core/state.hpp>
#include <migrate/core/detail/utc_time.hpp>
#include <migrate/core/detail/join.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// What `stamp` and `reset` may discard. Both refuse by default, so an older binary never silently forgets what a
/// newer one applied (Flyway's `repair`, made explicit); whatever they discard is reported as `event_kind::repaired`.
struct stamp_options {
  bool forget_unknown = false;    ///< drop records of revisions this build does not know
  bool accept_checksums = false;  ///< re-record this build's checksums over drifted or blank recorded ones
};

namespace detail {

/// The row recording `m` now, written by `recorded_by` ("upgrade", "stamp", "adopt:alembic").
inline applied_migration record_for(const migration_info& m, std::string_view recorded_by) {
  applied_migration row;
  row.revision = std::string(m.revision);
  row.description = std::string(m.description);
  row.checksum = std::string(m.checksum);
  row.applied_at = utc_timestamp(std::chrono::system_clock::now());
  row.recorded_by = std::string(recorded_by);
  return row;
}

/// What stamp/reset (`verb`) would discard that `repair` does not allow: throws, or describes it for the
/// `repaired` event ("" when nothing needed permission). `wanted` marks the chain positions that stay recorded.
inline std::string check_discards(const chain& migrations, const std::vector<applied_migration>& before,
                                  const std::vector<bool>& wanted, stamp_options repair, std::string_view verb,
                                  const std::string& store) {
  std::vector<std::string> unknown, drifted;
  for (const auto& row : before) {
    auto i = migrations.find(row.revision);
    if (!i) unknown.push_back(row.revision);
    else if (wanted[*i] && !row.in_progress && !migrations[*i].checksum.empty() &&
             row.checksum != migrations[*i].checksum)
      drifted.push_back(row.revision);
  }
  if (!unknown.empty() && !repair.forget_unknown)
    throw error(errc::unknown_revision,
                fmt::format("{} would forget revision(s) {} recorded in {}, which this build does not know (a newer "
                            "build applied them?); nothing was changed. Run the newer build, or repeat with "
                            "--forget-unknown if they are really gone from the schema",
                            verb, join_text(unknown, ", "), store));
  if (!drifted.empty() && !repair.accept_checksums)
    throw error(errc::checksum_mismatch,
                fmt::format("{} would replace the recorded checksum(s) of {} in {}: the SQL applied there differs "
                            "from this build's; nothing was changed. Check the schema, then repeat with "
                            "--accept-checksums",
                            verb, join_text(drifted, ", "), store));
  std::string discarded;
  if (!unknown.empty()) discarded = fmt::format("forgot unknown revision(s) {}", join_text(unknown, ", "));
  if (!drifted.empty())
    discarded += fmt::format("{}accepted this build's checksum(s) for {}", discarded.empty() ? "" : "; ",
                             join_text(drifted, ", "));
  return discarded;
}

/// The rows that take over `foreign`: every ancestor of its revisions, mapped to this build's, with the tool's own
/// times where it kept them. Throws, naming what is wrong, when the tool's state is dirty, names revisions this build
/// does not know, or lists a version without one of its ancestors.
inline std::vector<applied_migration> adoption_rows(const chain& migrations, const foreign_state& foreign,
                                                    const adopt_options& options, const std::string& store) {
  if (!foreign.dirty.empty())
    throw error(errc::dirty_state, fmt::format("{} cannot be adopted: {}; nothing was changed", store, foreign.dirty));
  std::vector<bool> wanted(migrations.size(), false), listed(migrations.size(), false);
  std::vector<std::string> unknown;
  for (const auto& r : foreign.revisions) {
    auto ours = options.map(r.id);
    auto i = migrations.find(ours);
    if (!i) {
      unknown.push_back(ours == r.id ? r.id : fmt::format("{} (mapped to {})", r.id, ours));
      continue;
    }
    listed[*i] = true;
    auto ancestors = migrations.ancestors_of(*i);
    for (std::size_t k = 0; k < wanted.size(); ++k) wanted[k] = wanted[k] || ancestors[k];
  }
  if (!unknown.empty())
    throw error(errc::unknown_revision,
                fmt::format("{} records {} at {}, unknown to this build; nothing was changed. Import the project "
                            "with `migrate-new import` so the revision ids agree, or map ids with --map FOREIGN=OURS",
                            store, foreign.tool_name(), join_text(unknown, ", ")));
  if (!foreign.heads_only)
    for (std::size_t k = 0; k < wanted.size(); ++k)
      if (wanted[k] && !listed[k])
        throw error(errc::invalid_state,
                    fmt::format("{} records {} as applied without its ancestor {}, so its history does not fit this "
                                "build's chain; nothing was changed. Map ids with --map FOREIGN=OURS",
                                store, foreign.where, migrations[k].revision));
  std::vector<applied_migration> rows;
  auto by = "adopt:" + foreign.tool;
  for (std::size_t k = 0; k < migrations.size(); ++k) {
    if (!wanted[k]) continue;
    auto row = record_for(migrations[k], by);
    for (const auto& r : foreign.revisions)
      if (options.map(r.id) == migrations[k].revision && !r.applied_at.empty()) row.applied_at = r.applied_at;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace detail
}  // namespace migrate
