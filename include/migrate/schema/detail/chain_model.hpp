// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// The schema model folded over a registry's migrations in chain order: at compile time for the proof, at run time
// for `verify --schema` and the `schema` export.

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <type_traits>

#include <migrate/core/detail/diagnostics.hpp>
#include <migrate/core/detail/zero_fields.hpp>
#include <migrate/core/migration.hpp>
#include <migrate/schema/model.hpp>

MIGRATE_DETAIL_ZERO_FIELDS_BEGIN

namespace migrate::inline MIGRATE_ABI_NAMESPACE {
template <class... Migrations>
class registry;
}  // namespace migrate

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema::detail {

// A name as a template argument, so that diagnostics spell the table, column or operation involved.
struct name_text {
  char chars[64]{};
  constexpr name_text() = default;
  constexpr explicit name_text(std::string_view s) {
    for (std::size_t i = 0; i < s.size() && i < 63; ++i) chars[i] = s[i];
  }
};


/// True when a typed migration declaring `declared` derives its downgrade from its operations.
constexpr bool derives_downgrade(const migration_spec& declared) noexcept {
  return declared.down.empty() && !declared.irreversible;
}
// True when d's text is rendered: d is among `.only` (or there is none) and no override of the user's replaces it.
constexpr bool renders_in(const migration_spec& declared, dialect d) noexcept {
  return (declared.only.empty() || declared.only.contains(d)) && declared.override_for(d).up.empty();
}
/// The dialects whose text a typed migration declaring `declared` renders from its operations.
constexpr dialect_set rendered_by(const migration_spec& declared) noexcept {
  if (declared.portable_only()) return every_dialect;
  dialect_set set;
  for (dialect d : all_dialects)
    if (renders_in(declared, d)) set |= d;
  return set;
}

// The first rule a typed migration breaks: computed by one function for all migrations, so that a migration costs
// no instantiation for its checks unless one breaks (then its diagnostic's).
enum class typed_rule : std::uint8_t { none, up_with_operations, concurrent_not_alone, without_inverse };
struct typed_check {
  typed_rule broken = typed_rule::none;
  std::size_t op = 0;
};
/// The first rule broken by a typed migration that has `.up` or not and derives its downgrade or not, with operations
/// summarised as `ops`.
constexpr typed_check check_typed(bool has_up, bool derives_down, const operations_summary& ops) noexcept {
  if (has_up) return {typed_rule::up_with_operations};
  if (ops.concurrent && ops.count != 1) return {typed_rule::concurrent_not_alone};
  if (derives_down && ops.first_irreversible < ops.count) return {typed_rule::without_inverse, ops.first_irreversible};
  return {};
}
// A typed migration's operations as a pointer and a count; none for another. A variable per migration, not a
// function, and no std::span built per migration: an instantiated function costs a constant evaluation more than a
// variable does, and each span built from a migration's array resolves the overloads of span's constructors.
struct operations_view {
  const operation* data = nullptr;
  std::size_t size = 0;
  operations_summary summary{};
};
template <class M>
inline constexpr operations_view operations_of{};
template <class M>
  requires ::migrate::detail::typed_schema_migration<M>
inline constexpr operations_view operations_of<M>{M::ops.ops, sizeof(M::ops.ops) / sizeof(operation), M::ops.summary};
/// How the model sees a migration of proof spec `spec`: its typed operations `ops`, or opaque.
constexpr model_step step_from(const migration_spec& spec, bool typed, operations_view ops) noexcept {
  if (typed)
    return {.ops = detail::view<operation>{ops.data, ops.size}, .summary = ops.summary,
            .derives_down = derives_downgrade(spec),
            .left_out = spec.runs_nothing_in()};
  return {.opaque = true,
          .touches = detail::view<std::string_view>{spec.touches.ids.data(), spec.touches.count},
          .touches_declared = spec.touches.declared,
          .left_out = spec.runs_nothing_in()};
}
/// The steps of `Ms`, in declared order.
template <class... Ms>
inline constexpr std::array<model_step, sizeof...(Ms)> steps_of{
    step_from(::migrate::detail::proof_spec<Ms>(), ::migrate::detail::typed_schema_migration<Ms>, operations_of<Ms>)...};

/// The first of `steps` (declared order) whose operations break a rule of typed migrations, or npos (`.up` beside
/// operations is not among them: the proof meets it earlier, proof_rendered_v).
constexpr std::size_t first_typed_break(detail::view<model_step> steps) noexcept {
  // `steps[i]` rather than through a pointer: the reference view::operator[] yields is remembered, a pointer's is a
  // new tree per step (as in fold_chunk).
  for (std::size_t i = 0, n = steps.size(); i < n; ++i) {
    const model_step& step = steps[i];
    if (!step.opaque && check_typed(false, step.derives_down, step.summary).broken != typed_rule::none) return i;
  }
  return npos;
}

/// The room the typed operations of `steps` need in a fold.
constexpr model_size size_of(detail::view<model_step> steps) noexcept {
  model_size size{};
  for (const model_step *p = steps.data(), *e = p + steps.size(); p != e; ++p) {
    const operations_summary& s = p->summary;
    size.tables += s.tables;
    size.columns += s.columns;
    size.keys += s.keys;
  }
  return size;
}
/// Enough room for every table, column and key the migrations `Ms` can define.
// Counted from their steps, not by a function per migration: an instantiation per migration costs more than counting.
// The steps by value: a read through a pointer into `steps_of<Ms...>` costs GCC a walk of its template arguments.
template <std::size_t N>
constexpr model_size capacity_of(const std::array<model_step, N> steps) noexcept {
  return size_of(view_of(steps));
}
template <class... Ms>
inline constexpr model_size model_capacity = capacity_of(steps_of<Ms...>);

/// The verdict of the compile-time fold as a structural value (what the diagnostics are instantiated with).
struct schema_verdict {
  schema_problem problem = schema_problem::none;
  std::size_t migration = 0;  // declared index
  std::size_t op = 0;
  name_text table{};
  name_text name{};
};

template <class Registry>
struct registry_steps;
/// A registry's migrations as the model sees them.
template <class... Ms>
struct registry_steps<registry<Ms...>> {
  static constexpr model_size capacity = model_capacity<Ms...>;
  static constexpr const auto& steps = steps_of<Ms...>;
  /// The fold that describes dialect d: its own when some migration runs nothing there, else the common one.
  static constexpr std::size_t model_for(dialect d) noexcept {
    return registry<Ms...>::runs_nothing_in.contains(d) ? static_cast<std::size_t>(d) : dialect_count;
  }
  /// M's position among `Ms` (declared order).
  template <class M>
  static constexpr std::size_t index_of() noexcept {
    constexpr bool same[] = {std::is_same_v<M, Ms>...};
    std::size_t i = 0;
    while (!same[i]) ++i;
    return i;
  }
};

/// The fold part way through a chain: the model, and the first problem found (the fold stops there).
template <model_size Size>
struct fold_state {
  schema_model<Size> model{};
  schema_verdict verdict{};
};

// The work one constant evaluation of the fold may do: each chunk ends before it would exceed it, whatever the
// migrations hold, so that an evaluation stays within the compiler's default limit. A migration counts 1, an
// operation 1 more, a create_table also its columns and the pairs of them it compares for duplicates. Clang 14
// (-fconstexpr-steps): chunks of 512 migrations of 15 each passed, 1024 failed; the budget is half the passing
// figure. GCC 12 (-fconstexpr-ops-limit, ~30x more): 128 migrations of 487 passed; half again. Every chunk's state is
// a constant the compilers keep and copy into the next chunk, so fewer chunks cost less (GCC, 1000 typed migrations:
// ~24 MB a chunk); but a SQLite rebuild re-applies the migrations of its chunk before it, so a chunk also holds at
// most `fold_chunk_migrations` (512: a rebuild re-applies at most 511, once per text it renders).
#if defined(__GNUC__) && !defined(__clang__)
inline constexpr std::size_t fold_chunk_work = 32768;
#else
inline constexpr std::size_t fold_chunk_work = 4096;
#endif
inline constexpr std::size_t fold_chunk_migrations = 512;
constexpr std::size_t fold_work(const model_step& step) noexcept { return 1 + step.summary.work; }

/// Where each chunk of the fold starts in the chain: chunk c applies chain positions [starts[c], starts[c + 1]).
template <std::size_t N>
struct fold_plan {
  std::array<std::uint32_t, N + 1> starts{};
  std::size_t count = 0;

  /// The chunk that applies chain position `position`.
  constexpr std::size_t chunk_of(std::size_t position) const noexcept {
    std::size_t c = 0;
    while (c + 1 < count && starts[c + 1] <= position) ++c;
    return c;
  }
};
/// The chunks of the fold of `steps` (declared order) in chain order `order`.
template <std::size_t N>
constexpr fold_plan<N> plan_fold(detail::view<model_step> steps, const std::array<std::uint32_t, N>& order) {
  fold_plan<N> plan;
  std::size_t work = 0;
  for (std::size_t k = 0; k < N; ++k) {
    const std::size_t w = fold_work(steps[order[k]]);
    if (k == 0 || work + w > fold_chunk_work || k - plan.starts[plan.count - 1] == fold_chunk_migrations) {
      plan.starts[plan.count++] = static_cast<std::uint32_t>(k);
      work = 0;
    }
    work += w;
  }
  plan.starts[plan.count] = static_cast<std::uint32_t>(N);
  return plan;
}

/// Applies the migrations at chain positions [begin, end) (`order`: indices into `steps`, the registry's migrations in
/// declared order, in chain order) to `state`; in the model of dialect index `in`, only those that run there
/// (`dialect_count`: all). The steps come as a parameter: GCC charges a read of `steps_of<Ms...>` in the registry's
/// size, once per migration in a loop (docs/compile-time.md, "What GCC charges per read").
template <model_size Size, std::size_t N>
constexpr fold_state<Size> fold_chunk(const fold_state<Size>& from, detail::view<model_step> steps,
                                      const std::array<std::uint32_t, N>& order, std::size_t begin, std::size_t end,
                                      std::size_t in) {
  fold_state<Size> state = from;
  for (std::size_t k = begin; k < end && k < N && state.verdict.problem == schema_problem::none; ++k) {
    const model_step& step = steps[order[k]];
    if (!step.applies_in(in)) continue;
    const auto f = state.model.apply(step, order[k]);
    if (f.problem != schema_problem::none)
      state.verdict = {f.problem, f.step, f.op, name_text(f.table), name_text(f.name)};
  }
  return state;
}

}  // namespace migrate::schema::detail

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema_error {
using schema::detail::name_text;

// One class template per rule, instantiated only when broken: the compiler names the migration, the operation's
// position in its `operations(...)` (0 = first), the table and the column, index or constraint.
template <class Migration, std::size_t Operation, name_text Table, name_text Name>
struct table_exists {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this migration creates (or renames to) a table that exists at this point of the "
                "chain (see Table); drop it first, or choose another name");
};
template <class Migration, std::size_t Operation, name_text Table, name_text Name>
struct missing_table {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this migration works on a table (see Table) that no earlier migration creates, or "
                "that one dropped or renamed; create it in an earlier migration (a raw SQL or C++ migration that "
                "creates it must come earlier in the chain), or fix the name");
};
template <class Migration, std::size_t Operation, name_text Table, name_text Name>
struct column_exists {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this migration adds (or renames to) a column (see Table, Name) that the table "
                "already has at this point of the chain; choose another name, or drop the column first");
};
template <class Migration, std::size_t Operation, name_text Table, name_text Name>
struct missing_column {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this migration uses a column (see Table, Name) that the table does not have at this "
                "point of the chain (dropped, renamed, or never added); add it in an earlier migration, or fix the "
                "name");
};
template <class Migration, std::size_t Operation, name_text Table, name_text Name>
struct missing_ref_table {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this migration adds a foreign key to a table (see Table) that does not exist at this "
                "point of the chain; create the referenced table first");
};
template <class Migration, std::size_t Operation, name_text Table, name_text Name>
struct missing_ref_column {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this migration adds a foreign key to a column (see Table, Name) the referenced table "
                "does not have; reference its key column");
};
template <class Migration, std::size_t Operation, name_text Table, name_text Name>
struct index_exists {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this migration creates an index (see Name) whose name is already used at this point "
                "of the chain; index names are unique per database: choose another");
};
template <class Migration, std::size_t Operation, name_text Table, name_text Name>
struct missing_index {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this migration drops an index (see Name) that does not exist at this point of the "
                "chain; fix the name");
};
template <class Migration, std::size_t Operation, name_text Table, name_text Name>
struct constraint_exists {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this migration adds a constraint (see Table, Name) whose name the table already "
                "uses; choose another");
};
template <class Migration, std::size_t Operation, name_text Table, name_text Name>
struct dropped_keyed_column {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this migration drops a column (see Table, Name) that an index or constraint uses, "
                "and its downgrade is derived: re-adding the column would not bring the index or constraint back. "
                "Drop them first in the same migration (drop_index(create_index(...)), drop_constraint(...)) so the "
                "downgrade recreates them, or write .down");
};
template <class Migration, std::size_t Operation, name_text Table, name_text Name>
struct definition_differs {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this migration's operation (see Operation) describes a column, index or constraint "
                "(see Table, Name) otherwise than the chain built it: the column given to drop_column, the old type "
                "or default of alter_column, a nullability it already has, or the index or constraint given to "
                "drop_index/drop_constraint (renames are followed: name tables and columns as they are now). Its "
                "downgrade is derived from that description and would not restore what was there; describe it as it "
                "is, or write .down");
};
template <class Migration, std::size_t Operation, name_text Table, name_text Name>
struct missing_constraint {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this migration drops a constraint (see Table, Name) the table does not have at this "
                "point of the chain; fix the name");
};

}  // namespace migrate::schema_error

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema::detail {

template <class Culprit, schema_verdict V>
constexpr bool report_schema_verdict() {
  using enum schema_problem;
  if constexpr (V.problem == none) return true;
  else if constexpr (V.problem == table_exists) return sizeof(schema_error::table_exists<Culprit, V.op, V.table, V.name>) == 0;
  else if constexpr (V.problem == missing_table) return sizeof(schema_error::missing_table<Culprit, V.op, V.table, V.name>) == 0;
  else if constexpr (V.problem == column_exists) return sizeof(schema_error::column_exists<Culprit, V.op, V.table, V.name>) == 0;
  else if constexpr (V.problem == missing_column) return sizeof(schema_error::missing_column<Culprit, V.op, V.table, V.name>) == 0;
  else if constexpr (V.problem == missing_ref_table)
    return sizeof(schema_error::missing_ref_table<Culprit, V.op, V.table, V.name>) == 0;
  else if constexpr (V.problem == missing_ref_column)
    return sizeof(schema_error::missing_ref_column<Culprit, V.op, V.table, V.name>) == 0;
  else if constexpr (V.problem == index_exists) return sizeof(schema_error::index_exists<Culprit, V.op, V.table, V.name>) == 0;
  else if constexpr (V.problem == missing_index) return sizeof(schema_error::missing_index<Culprit, V.op, V.table, V.name>) == 0;
  else if constexpr (V.problem == constraint_exists)
    return sizeof(schema_error::constraint_exists<Culprit, V.op, V.table, V.name>) == 0;
  else if constexpr (V.problem == definition_differs)
    return sizeof(schema_error::definition_differs<Culprit, V.op, V.table, V.name>) == 0;
  else if constexpr (V.problem == dropped_keyed_column)
    return sizeof(schema_error::dropped_keyed_column<Culprit, V.op, V.table, V.name>) == 0;
  else return sizeof(schema_error::missing_constraint<Culprit, V.op, V.table, V.name>) == 0;
}

}  // namespace migrate::schema::detail

MIGRATE_DETAIL_ZERO_FIELDS_END
