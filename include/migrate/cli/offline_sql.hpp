#pragma once
/// Offline mode: the steps between two revisions and the SQL they run, computed without a database.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <migrate/core/chain.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/plan.hpp>

namespace migrate::cli {

/// The migrations going from one revision to another would run, in order.
struct offline_plan {
  direction way = direction::up;
  std::vector<std::size_t> steps;  ///< chain positions, in the order they would run
};

/// The chain positions `at` stands for when it is the state of a store: the revision and its ancestors.
inline std::vector<bool> offline_state(const chain& migrations, const target& at) {
  std::vector<bool> applied(migrations.size(), false);
  switch (at.what) {
    case target::kind::base: return applied;
    case target::kind::head:
      if (auto head = migrations.head()) return migrations.ancestors_of(*head);
      return applied;
    case target::kind::revision: return migrations.ancestors_of(migrations.resolve(at.revision));
    case target::kind::relative: break;
  }
  throw error(errc::invalid_target, "offline mode takes a revision, head or base, not a step count");
}

/// The steps from `from` to `to` (revisions, head or base); throws `errc::invalid_target` or `errc::irreversible`.
inline offline_plan plan_offline(const chain& migrations, const target& from, const target& to) {
  auto start = offline_state(migrations, from);
  auto goal = offline_state(migrations, to);
  std::vector<std::size_t> ups, downs;
  for (std::size_t i = 0; i < migrations.size(); ++i)
    if (goal[i] && !start[i]) ups.push_back(i);
  for (std::size_t i = migrations.size(); i-- > 0;)
    if (start[i] && !goal[i]) downs.push_back(i);
  if (!ups.empty() && !downs.empty())
    throw error(errc::invalid_target,
                "--from and --to are on different branches; go through their common ancestor in two scripts");
  if (!downs.empty()) {
    for (auto i : downs)
      if (!migrations[i].reversible)
        throw error(errc::irreversible, fmt::format("cannot downgrade through {} ({}): it is declared irreversible",
                                                    migrations[i].revision, migrations[i].description));
    return {direction::down, std::move(downs)};
  }
  return {direction::up, std::move(ups)};
}

}  // namespace migrate::cli
