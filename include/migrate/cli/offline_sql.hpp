// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Offline mode: the steps between two revisions and the SQL they run, computed without a database.

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <migrate/core/chain.hpp>
#include <migrate/core/dialect.hpp>
#include <migrate/core/detail/step_bindings.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/migration_info.hpp>
#include <migrate/core/plan.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli {

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

/// The dialect offline SQL is rendered for, and why (for the script's header).
struct offline_dialect {
  std::optional<dialect> chosen;  ///< none: the portable text, the same in every dialect
  std::string_view reason;
};

/// `--dialect` when given; else the dialect of the database URL's scheme (`sqlite`, `postgresql`); else none.
inline offline_dialect choose_offline_dialect(std::optional<dialect> flag, std::optional<std::string_view> url_scheme) {
  if (flag) return {flag, "--dialect"};
  if (url_scheme)
    if (auto d = dialect_named(*url_scheme)) return {d, "the database URL's; --dialect chooses another"};
  return {std::nullopt, "the same SQL in every dialect"};
}

/// Every dialect's view of a registry's chain (`registry::migrations_for(d)`), indexed by dialect.
using dialect_views = std::array<std::span<const migration_info>, dialect_count>;

/// Why `plan` cannot be rendered for `chosen`: the first SQL step without text in that dialect, or, without a dialect,
/// whose text differs between dialects. Empty when every step can be rendered.
inline std::string offline_text_problem(const offline_plan& plan, const dialect_views& views,
                                        const offline_dialect& chosen) {
  auto list = [] {
    std::string names;
    for (auto d : all_dialects) names += fmt::format("{}{}", names.empty() ? "" : "|", to_string(d));
    return names;
  };
  for (auto position : plan.steps) {
    const auto& any = views[0][position];
    if (any.kind != migration_kind::sql) continue;
    if (chosen.chosen) {
      if (!any.dialects.contains(*chosen.chosen)) return migrate::detail::no_sql_for(any, *chosen.chosen);
      continue;
    }
    for (const auto& view : views) {
      const auto& m = view[position];
      if (m.up_sql.empty() || m.up_sql != any.up_sql || m.down_sql != any.down_sql)
        return fmt::format("migration {} ({}) has SQL that differs per dialect, and the database URL names none; "
                           "pass --dialect {}",
                           any.revision, any.description, list());
    }
  }
  return {};
}

}  // namespace migrate::cli
