// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Planning: from the store's applied set to a target, as an ordered list of steps. O(N).

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <migrate/core/chain.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/report.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// Where a run should take the store.
struct target {
  enum class kind { head, base, revision, relative };
  kind what = kind::head;
  std::string revision;  ///< for `revision`: full id or unique prefix
  long steps = 0;        ///< for `relative`: +N upgrades, -N downgrades

  static target head() { return {}; }
  static target base() { return {kind::base, {}, 0}; }
  static target at(std::string revision) { return {kind::revision, std::move(revision), 0}; }
  static target relative(long steps) { return {kind::relative, {}, steps}; }

  /// Parses "head", "base", "+N", "-N" or a revision (prefix); throws `errc::invalid_target`.
  static target parse(std::string_view text) {
    if (text == "head" || text == "heads") return head();
    if (text == "base") return base();
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
      long n = 0;
      auto digits = text.substr(1);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (ec != std::errc() || end != digits.data() + digits.size() || n <= 0)
        throw error(errc::invalid_target, fmt::format("'{}' is not a step count like +2 or -1", text));
      return relative(text[0] == '+' ? n : -n);
    }
    if (text.empty()) throw error(errc::invalid_target, "empty target: use head, base, +N, -N or a revision");
    return at(std::string(text));
  }
};

/// "head", "base", "+2", "-1" or the revision, as a target reads in messages.
inline std::string to_string(const target& to) {
  switch (to.what) {
    case target::kind::head: return "head";
    case target::kind::base: return "base";
    case target::kind::revision: return to.revision;
    case target::kind::relative: return fmt::format("{:+}", to.steps);
  }
  return "?";
}

/// One migration to apply or revert; `position` indexes the chain.
struct step {
  std::size_t position;
  direction way;
};

/// Steps to upgrade to `to` (head, a revision, or +N pending): missing ancestors of the target, parents first.
inline std::vector<step> plan_upgrade(const chain& migrations, const std::vector<bool>& applied, const target& to) {
  std::vector<step> steps;
  switch (to.what) {
    case target::kind::head:
    case target::kind::revision: {
      if (migrations.size() == 0) return steps;
      auto goal = to.what == target::kind::head ? *migrations.head() : migrations.resolve(to.revision);
      auto wanted = migrations.ancestors_of(goal);
      for (std::size_t i = 0; i <= goal; ++i)
        if (wanted[i] && !applied[i]) steps.push_back({i, direction::up});
      return steps;
    }
    case target::kind::relative: {
      if (to.steps <= 0) throw error(errc::invalid_target, fmt::format("upgrade needs +N, not {}", to.steps));
      for (std::size_t i = 0; i < migrations.size() && steps.size() < static_cast<std::size_t>(to.steps); ++i)
        if (!applied[i]) steps.push_back({i, direction::up});
      if (steps.size() < static_cast<std::size_t>(to.steps))
        throw error(errc::invalid_target, fmt::format("cannot upgrade +{}: only {} migration(s) are pending", to.steps,
                                                      steps.size()));
      return steps;
    }
    case target::kind::base: break;
  }
  throw error(errc::invalid_target, "cannot upgrade to base; did you mean downgrade base?");
}

/// Steps to downgrade to `to` (base, a revision, or -N): applied migrations the target does not need, children first.
inline std::vector<step> plan_downgrade(const chain& migrations, const std::vector<bool>& applied, const target& to) {
  std::vector<step> steps;
  switch (to.what) {
    case target::kind::base:
    case target::kind::revision: {
      std::vector<bool> keep(migrations.size(), false);
      if (to.what == target::kind::revision) {
        auto goal = migrations.resolve(to.revision);
        if (!applied[goal])
          throw error(errc::invalid_target,
                      fmt::format("cannot downgrade to {}: it is not applied; did you mean upgrade?",
                                  migrations[goal].revision));
        keep = migrations.ancestors_of(goal);
      }
      for (std::size_t i = migrations.size(); i-- > 0;)
        if (applied[i] && !keep[i]) steps.push_back({i, direction::down});
      return steps;
    }
    case target::kind::relative: {
      auto count = to.steps < 0 ? static_cast<std::size_t>(-to.steps) : static_cast<std::size_t>(to.steps);
      for (std::size_t i = migrations.size(); i-- > 0 && steps.size() < count;)
        if (applied[i]) steps.push_back({i, direction::down});
      if (steps.size() < count)
        throw error(errc::invalid_target,
                    fmt::format("cannot downgrade -{}: only {} migration(s) are applied", count, steps.size()));
      return steps;
    }
    case target::kind::head: break;
  }
  throw error(errc::invalid_target, "cannot downgrade to head; did you mean upgrade head?");
}

}  // namespace migrate
