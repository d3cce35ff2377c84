// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Comparing a store's recorded state with the compiled chain, before anything runs.

#include <cstddef>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <migrate/core/chain.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/report.hpp>
#include <migrate/core/state.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// Every finding about `state` (unknown revisions, checksum drift, dirty markers, gaps); empty when consistent.
inline std::vector<finding> inspect_state(const chain& migrations, const std::vector<applied_migration>& state) {
  std::vector<finding> findings;
  std::vector<bool> applied(migrations.size(), false);
  for (const auto& row : state) {
    auto position = migrations.find(row.revision);
    if (row.in_progress)
      findings.push_back({errc::dirty_state, row.revision,
                          fmt::format("migration {} ({}) was interrupted and may be half-applied (dirty state); "
                                      "inspect the store, then run `stamp` to the revision it is really at",
                                      row.revision, row.description)});
    if (!position) {
      if (!row.problem.empty())
        findings.push_back({errc::invalid_state, row.revision,
                            fmt::format("the state record of {} is malformed: {}", row.revision, row.problem)});
      findings.push_back({errc::unknown_revision, row.revision,
                          fmt::format("database is at revision {} which this build does not know — newer binary "
                                      "deployed elsewhere?",
                                      row.revision)});
      continue;
    }
    const auto& m = migrations[*position];
    if (!row.problem.empty())
      findings.push_back({errc::invalid_state, row.revision,
                          fmt::format("the state record of {} is malformed: {}; inspect it, then run `stamp` to the "
                                      "revision the store is really at",
                                      row.revision, row.problem)});
    if (row.checksum.empty() && !m.checksum.empty() && !row.in_progress)
      findings.push_back({errc::checksum_mismatch, row.revision,
                          fmt::format("migration {} ({}) is recorded with a blank checksum, so nothing proves it is "
                                      "the SQL this build has ({}); check the schema, then `stamp --accept-checksums`",
                                      row.revision, m.description, m.checksum)});
    else if (!row.checksum.empty() && !m.checksum.empty() && row.checksum != m.checksum)
      findings.push_back({errc::checksum_mismatch, row.revision,
                          fmt::format("migration {} ({}) was changed after it was applied: checksum recorded {}, "
                                      "this build has {}; restore its SQL, or write a new migration for the change",
                                      row.revision, m.description, row.checksum, m.checksum)});
    applied[*position] = true;
  }
  for (std::size_t i = 0; i < migrations.size(); ++i)
    if (applied[i])
      for (auto parent : migrations.parents(i))
        if (!applied[parent])
          findings.push_back({errc::invalid_state, std::string(migrations[i].revision),
                              fmt::format("migration {} is recorded as applied but its parent {} is not; run `stamp` "
                                          "to the revision the store is really at",
                                          migrations[i].revision, migrations[parent].revision)});
  return findings;
}

/// Which chain positions `state` records as applied; throws the first finding as a typed error.
inline std::vector<bool> validate_state(const chain& migrations, const std::vector<applied_migration>& state) {
  auto findings = inspect_state(migrations, state);
  if (!findings.empty()) throw error(findings.front().code, findings.front().message);
  std::vector<bool> applied(migrations.size(), false);
  for (const auto& row : state) applied[*migrations.find(row.revision)] = true;
  return applied;
}

}  // namespace migrate
