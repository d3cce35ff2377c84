#pragma once
// Baseline for the compile-time benchmark: the obvious O(N^2) constexpr chain check, the kind of
// prototype the registry replaces. For each migration it linear-searches every parent, checks ids
// for duplicates pairwise, and counts heads by scanning all migrations for a child. It does less
// than migrate::registry (no cycle detection, no topological order, no per-rule diagnostics).

#include <array>
#include <cstddef>

#include <migrate/core/migration.hpp>
#include <migrate/core/revision.hpp>

namespace naive {

template <std::size_t N>
constexpr bool verify(const std::array<const migrate::migration_spec*, N>& specs) {
  std::size_t roots = 0, heads = 0;
  for (std::size_t i = 0; i < N; ++i) {
    if (!migrate::is_valid_revision(specs[i]->revision)) return false;
    for (std::size_t j = 0; j < i; ++j)
      if (specs[j]->revision == specs[i]->revision) return false;  // duplicate id
  }
  for (std::size_t i = 0; i < N; ++i) {
    if (specs[i]->revises.empty()) ++roots;
    for (auto parent : specs[i]->revises) {
      bool found = false;
      for (std::size_t j = 0; j < N && !found; ++j) found = specs[j]->revision == parent;
      if (!found) return false;  // missing parent
    }
  }
  for (std::size_t i = 0; i < N; ++i) {
    bool has_child = false;
    for (std::size_t j = 0; j < N && !has_child; ++j)
      for (auto parent : specs[j]->revises)
        if (parent == specs[i]->revision) has_child = true;
    if (!has_child) ++heads;
  }
  return roots == 1 && heads == 1;
}

}  // namespace naive
