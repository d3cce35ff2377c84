// SPDX-License-Identifier: MIT
#pragma once
// The compile-time proof that a set of migrations forms one well-ordered chain.
// Cost is O(N log N) constexpr steps: sort once, then binary searches and one topological pass,
// so 2000 migrations stay well inside GCC's and Clang's constexpr limits.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <migrate/core/migration.hpp>
#include <migrate/core/revision.hpp>

namespace migrate::detail {

/// The first problem found in a chain; `none` when it is sound.
enum class chain_problem {
  none,
  empty_revision,
  malformed_revision,
  duplicate_revision,
  malformed_down_revision,
  duplicate_down_revision,
  missing_down_revision,
  no_root,
  several_roots,
  cycle,
  several_heads,
};

/// A revision id as a structural value, so that diagnostics can print it inside a type name.
struct revision_text {
  char chars[max_revision_length + 1]{};
  constexpr revision_text() = default;
  constexpr explicit revision_text(std::string_view id) {
    for (std::size_t i = 0; i < id.size() && i < max_revision_length; ++i) chars[i] = id[i];
  }
};

/// The first 8 characters of a revision id as a big-endian integer, zero-padded. Ordering these agrees
/// with ordering the ids (valid ids hold no NUL), so they settle most comparisons without a string compare.
constexpr std::uint64_t revision_prefix(std::string_view id) noexcept {
  std::uint64_t key = 0;
  for (std::size_t k = 0; k < 8; ++k) key = (key << 8) | (k < id.size() ? static_cast<unsigned char>(id[k]) : 0u);
  return key;
}

/// The first problem `analyse_chain_into` found; `none` when the chain is sound.
struct chain_verdict {
  chain_problem problem = chain_problem::none;
  std::size_t culprit = 0;     // index (in registry order) of the migration to blame
  std::size_t other = 0;       // a second migration involved (duplicate, other root/head)
  std::string_view revision{};  // the revision id the problem is about
};

/// Scratch space for `analyse_chain_into` over N migrations, all of it fixed-size so it lives in a constant
/// expression. migrate-new has the same members as `std::vector`s sized at run time.
template <std::size_t N>
struct fixed_chain_workspace {
  std::array<std::uint64_t, N> prefix{};
  std::array<std::uint32_t, N> by_id{};
  std::array<std::size_t, N + 1> parent_begin{};
  std::array<std::uint32_t, N * max_down_revisions> parent_list{};
  std::array<std::uint32_t, N> child_count{};
  std::array<std::size_t, N + 1> child_begin{};
  std::array<std::uint32_t, N * max_down_revisions> child_list{};
  std::array<std::size_t, N> child_fill{};
  std::array<std::size_t, N> waiting_parents{};
  std::array<bool, N> visited{};
};

/// Judges the chain of `n` migrations, `specs[i]` pointing at the spec of migration i; `order` receives a
/// topological order (parents first), valid when sound. The one implementation of the chain rules, used by
/// the registry at compile time and by migrate-new at run time. Afterwards `w.child_count` says which
/// migrations are heads when the problem is `none` or `several_heads`, and `w.visited` which ones the walk from
/// the root reached when it is `cycle`.
template <class Specs, class Workspace, class Order>
constexpr chain_verdict analyse_chain_into(const Specs& specs, std::size_t n, Workspace& w, Order& order) {
  auto fail = [](chain_problem problem, std::size_t culprit, std::size_t other, std::string_view id) {
    return chain_verdict{problem, culprit, other, id};
  };
  if (n == 0) return {};
  for (std::size_t i = 0; i < n; ++i) {
    auto id = specs[i]->revision;
    if (id.empty()) return fail(chain_problem::empty_revision, i, i, id);
    if (!is_valid_revision(id)) return fail(chain_problem::malformed_revision, i, i, id);
  }

  // Sorted indices give duplicates as neighbours and parents by binary search. Comparisons go by an
  // order-preserving integer prefix first and only compare strings on a tie, which keeps the
  // constexpr work small (GCC memoizes every string comparison; Clang counts each character).
  auto& prefix = w.prefix;
  auto& by_id = w.by_id;
  for (std::size_t i = 0; i < n; ++i) prefix[i] = revision_prefix(specs[i]->revision);
  for (std::size_t i = 0; i < n; ++i) by_id[i] = static_cast<std::uint32_t>(i);
  std::sort(by_id.begin(), by_id.begin() + n, [&specs, &prefix](std::uint32_t a, std::uint32_t b) {
    return prefix[a] != prefix[b] ? prefix[a] < prefix[b] : specs[a]->revision < specs[b]->revision;
  });
  for (std::size_t k = 1; k < n; ++k)
    if (prefix[by_id[k - 1]] == prefix[by_id[k]] && specs[by_id[k - 1]]->revision == specs[by_id[k]]->revision)
      return fail(chain_problem::duplicate_revision, std::max(by_id[k - 1], by_id[k]),
                  std::min(by_id[k - 1], by_id[k]), specs[by_id[k]]->revision);
  auto find = [&](std::string_view id) -> std::size_t {
    const std::uint64_t key = revision_prefix(id);
    auto it = std::lower_bound(by_id.begin(), by_id.begin() + n, id, [&](std::uint32_t a, std::string_view b) {
      return prefix[a] != key ? prefix[a] < key : specs[a]->revision < b;
    });
    return (it != by_id.begin() + n && prefix[*it] == key && specs[*it]->revision == id) ? *it : n;
  };

  // Parent indices in CSR form: parents of i are parent_list[parent_begin[i] .. parent_begin[i+1]).
  auto& parent_begin = w.parent_begin;
  auto& parent_list = w.parent_list;
  auto& child_count = w.child_count;
  for (std::size_t i = 0; i < n; ++i) parent_begin[i + 1] = parent_begin[i] + specs[i]->revises.size();
  std::size_t roots = 0, first_root = n;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& revises = specs[i]->revises;
    if (revises.empty()) {
      if (roots++ > 0) return fail(chain_problem::several_roots, i, first_root, specs[i]->revision);
      first_root = i;
    }
    for (std::size_t p = 0; p < revises.size(); ++p) {
      auto parent_id = revises.ids[p];
      if (!is_valid_revision(parent_id)) return fail(chain_problem::malformed_down_revision, i, i, parent_id);
      for (std::size_t q = 0; q < p; ++q)
        if (revises.ids[q] == parent_id) return fail(chain_problem::duplicate_down_revision, i, i, parent_id);
      auto parent = find(parent_id);
      if (parent == n) return fail(chain_problem::missing_down_revision, i, i, parent_id);
      if (parent == i) return fail(chain_problem::cycle, i, i, parent_id);
      parent_list[parent_begin[i] + p] = static_cast<std::uint32_t>(parent);
      ++child_count[parent];
    }
  }
  if (roots == 0) return fail(chain_problem::no_root, 0, 0, specs[0]->revision);

  // Children in CSR form, then Kahn's algorithm from the root; what it cannot reach sits on or after a cycle.
  auto& child_begin = w.child_begin;
  auto& child_list = w.child_list;
  auto& child_fill = w.child_fill;
  auto& waiting_parents = w.waiting_parents;
  for (std::size_t i = 0; i < n; ++i) child_begin[i + 1] = child_begin[i] + child_count[i];
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t e = parent_begin[i]; e < parent_begin[i + 1]; ++e) {
      auto parent = parent_list[e];
      child_list[child_begin[parent] + child_fill[parent]++] = static_cast<std::uint32_t>(i);
    }
  for (std::size_t i = 0; i < n; ++i) waiting_parents[i] = specs[i]->revises.size();
  std::size_t done = 0;
  order[done++] = static_cast<std::uint32_t>(first_root);
  for (std::size_t head = 0; head < done; ++head) {
    auto node = order[head];
    for (std::size_t e = child_begin[node]; e < child_begin[node + 1]; ++e) {
      auto child = child_list[e];
      if (--waiting_parents[child] == 0) order[done++] = child;
    }
  }
  if (done < n) {
    auto& visited = w.visited;
    for (std::size_t k = 0; k < done; ++k) visited[order[k]] = true;
    std::size_t node = 0;
    while (visited[node]) ++node;
    // Walking up through unvisited parents n times must end on the cycle itself.
    for (std::size_t step = 0; step < n; ++step)
      for (std::size_t e = parent_begin[node]; e < parent_begin[node + 1]; ++e)
        if (!visited[parent_list[e]]) {
          node = parent_list[e];
          break;
        }
    return fail(chain_problem::cycle, node, node, specs[node]->revision);
  }

  std::size_t first_head = n;
  for (std::size_t i = 0; i < n; ++i)
    if (child_count[i] == 0) {
      if (first_head != n) return fail(chain_problem::several_heads, i, first_head, specs[i]->revision);
      first_head = i;
    }
  return {};
}

/// The outcome of the registry's compile-time analysis: the verdict, with the revision as a structural value.
template <std::size_t N>
struct chain_analysis {
  chain_problem problem = chain_problem::none;
  std::size_t culprit = 0;     // index (in registry order) of the migration to blame
  std::size_t other = 0;       // a second migration involved (duplicate, other root/head)
  revision_text revision{};    // the revision id the problem is about
  std::array<std::uint32_t, N> order{};  // a topological order (parents first), valid when sound
};

template <std::size_t N>
constexpr chain_analysis<N> analyse_chain(const std::array<const migration_spec*, N>& specs) {
  chain_analysis<N> result{};
  if constexpr (N > 0) {
    fixed_chain_workspace<N> workspace{};
    const chain_verdict verdict = analyse_chain_into(specs, N, workspace, result.order);
    result.problem = verdict.problem;
    result.culprit = verdict.culprit;
    result.other = verdict.other;
    result.revision = revision_text(verdict.revision);
  }
  return result;
}

}  // namespace migrate::detail
