// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::chain`: the run-time graph over a verified registry, for lookups and ancestry in O(N).

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include <migrate/core/errors.hpp>
#include <migrate/core/migration_info.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// The verified migrations in chain order (parents first) with their parent links resolved.
class chain {
 public:
  /// `ordered` must come from `registry<...>::migrations()`; it is already proven sound.
  explicit chain(std::span<const migration_info> ordered) : migrations_(ordered), parents_(ordered.size()) {
    position_.reserve(ordered.size());
    for (std::size_t i = 0; i < ordered.size(); ++i) position_.emplace(ordered[i].revision, i);
    for (std::size_t i = 0; i < ordered.size(); ++i)
      for (auto parent : ordered[i].down_revisions) parents_[i].push_back(position_.at(parent));
  }

  std::span<const migration_info> migrations() const noexcept { return migrations_; }
  std::size_t size() const noexcept { return migrations_.size(); }
  const migration_info& operator[](std::size_t i) const noexcept { return migrations_[i]; }
  const std::vector<std::size_t>& parents(std::size_t i) const noexcept { return parents_[i]; }

  /// Position of an exact revision id.
  std::optional<std::size_t> find(std::string_view revision) const {
    auto it = position_.find(revision);
    if (it == position_.end()) return std::nullopt;
    return it->second;
  }

  /// Position of a revision given in full or by a unique prefix (as Alembic allows); throws `errc::invalid_target`.
  std::size_t resolve(std::string_view revision) const {
    if (auto exact = find(revision)) return *exact;
    std::optional<std::size_t> match;
    if (!revision.empty())
      for (std::size_t i = 0; i < migrations_.size(); ++i)
        if (migrations_[i].revision.starts_with(revision)) {
          if (match)
            throw error(errc::invalid_target,
                        fmt::format("revision prefix '{}' is ambiguous: it matches {} and {}", revision,
                                    migrations_[*match].revision, migrations_[i].revision));
          match = i;
        }
    if (!match)
      throw error(errc::invalid_target, fmt::format("no migration has revision '{}' in this build", revision));
    return *match;
  }

  /// The head: the one migration nothing revises (the last in chain order); none for an empty chain.
  std::optional<std::size_t> head() const noexcept {
    if (migrations_.empty()) return std::nullopt;
    return migrations_.size() - 1;
  }

  /// Marks `target` and everything it (indirectly) revises. Parents precede children, so one backward pass does it.
  std::vector<bool> ancestors_of(std::size_t target) const {
    std::vector<bool> marked(migrations_.size(), false);
    marked[target] = true;
    for (std::size_t i = target + 1; i-- > 0;)
      if (marked[i])
        for (auto parent : parents_[i]) marked[parent] = true;
    return marked;
  }

  /// The applied migrations that no other applied migration revises: where the store "is".
  std::vector<std::size_t> heads_of(const std::vector<bool>& applied) const {
    std::vector<bool> has_applied_child(migrations_.size(), false);
    for (std::size_t i = 0; i < migrations_.size(); ++i)
      if (applied[i])
        for (auto parent : parents_[i]) has_applied_child[parent] = true;
    std::vector<std::size_t> heads;
    for (std::size_t i = 0; i < migrations_.size(); ++i)
      if (applied[i] && !has_applied_child[i]) heads.push_back(i);
    return heads;
  }

 private:
  std::span<const migration_info> migrations_;
  std::unordered_map<std::string_view, std::size_t> position_;
  std::vector<std::vector<std::size_t>> parents_;
};

}  // namespace migrate
