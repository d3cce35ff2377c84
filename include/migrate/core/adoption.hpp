// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Taking over a database another migration tool manages (Alembic, golang-migrate, a Go runner, Flyway) without
/// running anything: what such a tool recorded, and how its revisions map to this build's.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <migrate/core/store.hpp>
#include <migrate/core/detail/join.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// One revision another tool recorded.
struct foreign_revision {
  std::string id{};         ///< as the tool wrote it ("f8ff2ab1fdfa", "2", "1.1")
  std::string description{};  ///< where the tool keeps one
  std::string applied_at{};   ///< where the tool keeps one, as UTC ISO 8601 when it could be read as a time
};

/// Another tool's migration state, found in a store that has no migrate state.
struct foreign_state {
  std::string tool{};   ///< "alembic", "golang-migrate", "go-runner", "flyway"
  std::string where{};  ///< the table holding it ("alembic_version")
  /// Alembic and golang-migrate: the current head(s), whose ancestors are implied. Go runner and Flyway: every
  /// applied version, in the order applied.
  std::vector<foreign_revision> revisions{};
  bool heads_only = false;
  std::string dirty{};  ///< why the tool itself considers the database dirty (empty when clean)

  /// "Alembic", "golang-migrate", "a Go migration runner", "Flyway".
  std::string tool_name() const {
    if (tool == "alembic") return "Alembic";
    if (tool == "flyway") return "Flyway";
    if (tool == "go-runner") return "a Go migration runner";
    return tool;
  }
  /// "Alembic's state (alembic_version at f8ff2ab1fdfa)".
  std::string describe() const {
    std::vector<std::string_view> ids;
    if (heads_only)
      for (const auto& r : revisions) ids.push_back(r.id);
    else if (!revisions.empty())
      ids.push_back(revisions.back().id);
    auto at = ids.empty() ? std::string("base") : detail::join_text(ids, ", ");
    return fmt::format("{}'s state ({} at {}{})", tool_name(), where, at, dirty.empty() ? "" : ", dirty");
  }
};

/// How `adopt` maps and what it leaves.
struct adopt_options {
  /// Foreign revision id → this build's revision, for ids that differ; others map to themselves.
  std::vector<std::pair<std::string, std::string>> mapping{};
  /// Drop the foreign tool's table after recording; by default it is left as it was, so the old tool still tells
  /// the truth about where the database was and switching back stays possible.
  bool drop_foreign = false;

  /// This build's revision for foreign revision `id`.
  std::string map(const std::string& id) const {
    for (const auto& [from, to] : mapping)
      if (from == id) return to;
    return id;
  }
};

/// A store that can read, and drop, another tool's migration state (the SQL stores).
template <class S>
concept adopting_store = store<S> && requires(S& s, const foreign_state& f) {
  { s.read_foreign_state() } -> std::same_as<std::optional<foreign_state>>;
  s.drop_foreign_state(f);
};

}  // namespace migrate
