// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// The compile-time proof that a set of migrations forms one well-ordered chain.
// Cost is O(N) constexpr steps: a hash table of precomputed id hashes, then one topological pass, so
// 10 000 migrations stay inside GCC's and Clang's default constexpr limits (docs/compile-time.md).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <migrate/core/checksum.hpp>
#include <migrate/core/migration.hpp>
#include <migrate/core/revision.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {

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

/// A 64-bit FNV-1a hash of a revision id. Equal hashes are confirmed by comparing the ids, so a collision
/// costs a string comparison, never a wrong answer.
constexpr std::uint64_t revision_hash(std::string_view id) noexcept { return fnv1a(id); }

/// What the whole-chain pass needs of one migration, computed from its spec alone. The registry computes it
/// once per migration type, each in a constant evaluation of its own, so the string work (validating and
/// hashing ids) does not count against the one evaluation that sees every migration.
struct migration_keys {
  std::uint64_t id = 0;                                    // revision_hash of .revision
  std::array<std::uint64_t, max_down_revisions> parents{};  // revision_hash of each of .revises
  chain_problem id_problem = chain_problem::none;          // empty_revision or malformed_revision
  chain_problem parent_problem = chain_problem::none;      // malformed/duplicate down revision, or cycle (itself)
  std::size_t problem_parent = max_down_revisions;         // which of .revises parent_problem is about
};

/// The keys of one spec; the per-migration rules are judged here, in the order the chain pass reports them.
constexpr migration_keys keys_of(const migration_spec& spec) noexcept {
  migration_keys keys{};
  keys.id = revision_hash(spec.revision);
  if (spec.revision.empty()) keys.id_problem = chain_problem::empty_revision;
  else if (!is_valid_revision(spec.revision)) keys.id_problem = chain_problem::malformed_revision;
  const auto& revises = spec.revises;
  for (std::size_t p = 0; p < revises.size(); ++p) {
    const std::string_view parent = revises.ids[p];
    keys.parents[p] = revision_hash(parent);
    chain_problem problem = chain_problem::none;
    if (!is_valid_revision(parent)) problem = chain_problem::malformed_down_revision;
    for (std::size_t q = 0; q < p && problem == chain_problem::none; ++q)
      if (revises.ids[q] == parent) problem = chain_problem::duplicate_down_revision;
    if (problem == chain_problem::none && parent == spec.revision) problem = chain_problem::cycle;
    if (problem != chain_problem::none) {
      keys.parent_problem = problem;
      keys.problem_parent = p;
      break;
    }
  }
  return keys;
}

/// Slots of the open-addressing table that finds a migration by revision: a power of two, at least 2n.
constexpr std::size_t id_table_size(std::size_t n) noexcept {
  std::size_t size = 2;
  while (size < 2 * n) size *= 2;
  return size;
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
// Built-in arrays: Clang counts every call to std::array::operator[] against -fconstexpr-steps.
// E is the number of edges (all .revises together); +1 keeps the arrays non-empty.
template <std::size_t N, std::size_t E>
struct fixed_chain_workspace {
  std::uint32_t slots[id_table_size(N)]{};
  std::size_t parent_begin[N + 1]{};
  std::uint32_t parent_list[E + 1]{};
  std::uint32_t child_count[N]{};
  std::size_t child_begin[N + 1]{};
  std::uint32_t child_list[E + 1]{};
  std::size_t child_fill[N]{};
  std::size_t waiting_parents[N]{};
  bool visited[N]{};
};

/// Judges the chain of `n` migrations, `specs[i]` pointing at the spec of migration i and `keys[i]` holding
/// `keys_of` it; `order` receives a topological order (parents first), valid when sound. The one implementation
/// of the chain rules, used by the registry at compile time and by migrate-new at run time. Afterwards
/// `w.child_count` says which migrations are heads when the problem is `none` or `several_heads`, and `w.visited`
/// which ones the walk from the root reached when it is `cycle`.
///
/// Cost is O(N) constexpr steps: ids are found through a hash table of their precomputed hashes, then Kahn's
/// algorithm. A duplicate is always confirmed by comparing the ids; a parent found by its hash is confirmed
/// here when `ConfirmParents`, else by the caller (`parents_confirmed`, which the registry runs in evaluations of
/// its own: a string comparison per edge would take Clang past its per-evaluation budget at 10 000 migrations).
template <bool ConfirmParents = true, class Specs, class Keys, class Workspace, class Order>
constexpr chain_verdict analyse_chain_into(const Specs& specs, const Keys& keys, std::size_t n, Workspace& w,
                                           Order&& order) {
  auto fail = [](chain_problem problem, std::size_t culprit, std::size_t other, std::string_view id) {
    return chain_verdict{problem, culprit, other, id};
  };
  if (n == 0) return {};
  for (std::size_t i = 0; i < n; ++i)
    if (keys[i].id_problem != chain_problem::none) return fail(keys[i].id_problem, i, i, specs[i]->revision);

  // Every id into the table; a second migration with an id already there is the duplicate.
  auto& slots = w.slots;
  const std::size_t mask = id_table_size(n) - 1;
  auto home = [mask](std::uint64_t hash) { return static_cast<std::size_t>((hash * 0x9e3779b97f4a7c15ULL) >> 32) & mask; };
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t s = home(keys[i].id);
    for (; slots[s] != 0; s = (s + 1) & mask) {
      const std::size_t j = slots[s] - 1;
      if (keys[j].id == keys[i].id && specs[j]->revision == specs[i]->revision)
        return fail(chain_problem::duplicate_revision, i, j, specs[i]->revision);
    }
    slots[s] = static_cast<std::uint32_t>(i + 1);
  }
  auto find = [&](std::uint64_t hash, std::string_view id) -> std::size_t {
    for (std::size_t s = home(hash); slots[s] != 0; s = (s + 1) & mask) {
      const std::size_t j = slots[s] - 1;
      if (keys[j].id == hash && (!ConfirmParents || specs[j]->revision == id)) return j;
    }
    return n;
  };

  // Parent indices in CSR form: parents of i are parent_list[parent_begin[i] .. parent_begin[i+1]).
  auto& parent_begin = w.parent_begin;
  auto& parent_list = w.parent_list;
  auto& child_count = w.child_count;
  std::size_t roots = 0, first_root = n;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& revises = specs[i]->revises;
    const std::size_t count = revises.size();
    parent_begin[i + 1] = parent_begin[i] + count;
    if (count == 0) {
      if (roots++ > 0) return fail(chain_problem::several_roots, i, first_root, specs[i]->revision);
      first_root = i;
    }
    for (std::size_t p = 0; p < count; ++p) {
      if (p == keys[i].problem_parent) return fail(keys[i].parent_problem, i, i, revises.ids[p]);
      const std::size_t parent = find(keys[i].parents[p], revises.ids[p]);
      if (parent == n) return fail(chain_problem::missing_down_revision, i, i, revises.ids[p]);
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
  for (std::size_t i = 0; i < n; ++i) {
    waiting_parents[i] = parent_begin[i + 1] - parent_begin[i];
    for (std::size_t e = parent_begin[i]; e < parent_begin[i + 1]; ++e) {
      const auto parent = parent_list[e];
      child_list[child_begin[parent] + child_fill[parent]++] = static_cast<std::uint32_t>(i);
    }
  }
  std::size_t done = 0;
  order[done++] = static_cast<std::uint32_t>(first_root);
  for (std::size_t head = 0; head < done; ++head) {
    const auto node = order[head];
    for (std::size_t e = child_begin[node]; e < child_begin[node + 1]; ++e)
      if (--waiting_parents[child_list[e]] == 0) order[done++] = child_list[e];
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
template <std::size_t N, std::size_t E>
struct chain_analysis {
  chain_problem problem = chain_problem::none;
  std::size_t culprit = 0;     // index (in registry order) of the migration to blame
  std::size_t other = 0;       // a second migration involved (duplicate, other root/head)
  revision_text revision{};    // the revision id the problem is about
  std::array<std::uint32_t, N> order{};  // a topological order (parents first), valid when sound
  std::array<std::uint32_t, E + 1> parents{};  // the parent each .revises entry was found as, in declared order
};

/// The verdict as a structural value: what the diagnostics are instantiated with (not the order, whose N
/// elements would be spelled out in every template argument list it appears in).
struct chain_finding {
  chain_problem problem = chain_problem::none;
  std::size_t culprit = 0;
  std::size_t other = 0;
  revision_text revision{};
};

// By value, as `parents_confirmed`: GCC checks the arguments of a template each time a constant evaluation reads one
// of its static members, so reading a registry's members through a reference costs O(N) per read (O(N^2) in all);
// a parameter is read for nothing.
template <std::size_t N, std::size_t E>
constexpr chain_analysis<N, E> analyse_chain(const std::array<const migration_spec*, N> specs,
                                             const std::array<migration_keys, N> keys) {
  chain_analysis<N, E> result{};
  if constexpr (N > 0) {
    fixed_chain_workspace<N, E> workspace{};
    const chain_verdict verdict =
        analyse_chain_into<false>(specs.data(), keys.data(), N, workspace, result.order.data());
    result.problem = verdict.problem;
    result.culprit = verdict.culprit;
    result.other = verdict.other;
    result.revision = revision_text(verdict.revision);
    for (std::size_t e = 0; e < E; ++e) result.parents[e] = workspace.parent_list[e];
  }
  return result;
}

/// Confirms, for migrations [begin, end), that each parent found by its hash has the id the migration names;
/// false on a hash collision.
template <std::size_t N, std::size_t E>
constexpr bool parents_confirmed(const std::array<const migration_spec*, N> spec_array,
                                 const std::array<std::uint32_t, E + 1> parent_array, std::size_t begin,
                                 std::size_t end) {
  const migration_spec* const* specs = spec_array.data();
  const std::uint32_t* parents = parent_array.data();
  std::size_t edge = 0;
  for (std::size_t i = 0; i < begin; ++i) edge += specs[i]->revises.count;
  for (std::size_t i = begin; i < end && i < N; ++i)
    for (std::size_t p = 0; p < specs[i]->revises.count; ++p)
      if (specs[parents[edge++]]->revision != specs[i]->revises.ids[p]) return false;
  return true;
}

/// Migrations whose parents one evaluation of `parents_confirmed` confirms.
inline constexpr std::size_t confirm_chunk = 2048;

}  // namespace migrate::detail
