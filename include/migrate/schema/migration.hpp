// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `MIGRATE_SCHEMA_MIGRATION`: a migration written as typed operations, rendered per dialect at compile time.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include <migrate/core/checksum.hpp>
#include <migrate/core/detail/diagnostics.hpp>
#include <migrate/core/migration.hpp>
#include <migrate/core/migration_info.hpp>
#include <migrate/schema/detail/chain_model.hpp>
#include <migrate/schema/detail/rebuild.hpp>
#include <migrate/schema/render.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema::detail {

// The migration's operations, their columns viewing its (static) pack's pool.
template <class M>
inline constexpr view<operation> resolved_ops = view_of(M::ops.ops);

// operations_sql<D> for a dialect given as a value: one function for all migrations rather than an instantiation per
// migration and dialect.
constexpr void operations_sql(dialect d, sql_writer& w, detail::view<operation> ops, bool upgrade) {
  switch (d) {
#define MIGRATE_SCHEMA_RENDER_CASE(name) \
  case dialect::name: operations_sql<dialect::name>(w, ops, upgrade); return;
    MIGRATE_DIALECTS(MIGRATE_SCHEMA_RENDER_CASE)
#undef MIGRATE_SCHEMA_RENDER_CASE
  }
}
/// The dialects where some operation of `ops` may be a table rebuild (then so may its inverse).
constexpr dialect_set rebuild_dialects(detail::view<operation> ops) noexcept {
  dialect_set set;
  for (const operation *p = ops.data(), *e = p + ops.size(); p != e; ++p) {
    const operation& op = *p;
#define MIGRATE_SCHEMA_REBUILDS_CASE(name) \
  if (dialect_renderer<dialect::name>::rebuilds(op)) set |= dialect::name;
    MIGRATE_DIALECTS(MIGRATE_SCHEMA_REBUILDS_CASE)
#undef MIGRATE_SCHEMA_REBUILDS_CASE
  }
  return set;
}

// Rendering is most of a typed migration's compile time, so all its texts (each dialect's upgrade and derived
// downgrade) are written in one traversal of its operations into a draft, then copied into one array of their exact
// size; the draft is read only while compiling, so it never reaches the binary. Texts that outgrow the draft are
// measured, then written, in two traversals.

/// Where one text lies in a migration's rendered array.
struct text_slice {
  std::size_t offset = 0;
  std::size_t size = 0;
};
constexpr std::size_t text_index(dialect d, bool upgrade) noexcept {
  return 2 * static_cast<std::size_t>(d) + (upgrade ? 0 : 1);
}
struct text_layout {
  std::array<text_slice, 2 * dialect_count> slices{};  // at text_index(dialect, upgrade)
  std::size_t size = 0;                                 // all texts, each followed by '\0'
};

// Every text of `ops` except in a dialect where they rebuild a table (the registry renders that one: rebuild.hpp).
constexpr text_layout write_texts(sql_writer& w, detail::view<operation> ops) {
  text_layout layout;
  const dialect_set rebuilds = rebuild_dialects(ops);
  for (dialect d : all_dialects) {
    if (rebuilds.contains(d)) continue;
    for (bool upgrade : {true, false}) {
      auto& slice = layout.slices[text_index(d, upgrade)];
      slice.offset = w.size;
      operations_sql(d, w, ops, upgrade);
      slice.size = w.size - slice.offset;
      w << '\0';
    }
  }
  layout.size = w.size;
  return layout;
}

struct text_draft {
  sql_draft text{};
  text_layout layout{};  // exact even when the texts did not fit
};
constexpr text_draft draft_of(detail::view<operation> ops) {
  text_draft draft;
  sql_writer w{.draft = &draft.text};
  draft.layout = write_texts(w, ops);
  return draft;
}
template <class M>
inline constexpr text_draft draft_texts = draft_of(resolved_ops<M>);

template <class M>
struct rendered_texts {
  char data[draft_texts<M>.layout.size + 1];
  constexpr rendered_texts() {
    constexpr std::size_t size = draft_texts<M>.layout.size;
    if constexpr (size <= sql_draft_capacity) {
      const auto& from = draft_texts<M>.text.data;
      for (std::size_t i = 0; i < size; ++i) data[i] = from[i];
    } else {
      sql_writer w{data};
      write_texts(w, resolved_ops<M>);
    }
    data[size] = '\0';
  }
};
template <class M>
inline constexpr rendered_texts<M> rendered{};

}  // namespace migrate::schema::detail

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema_error {

template <class Migration, std::size_t Operation, schema::detail::name_text Kind>
struct operation_without_inverse {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this operation (see Operation, Kind) has no inverse, so the downgrade cannot be "
                "derived: say what it undoes (drop_column(\"t\", column(...)), drop_index(create_index(...)), "
                "drop_constraint(add_...(...)), alter_column(...).type(new, old), execute(up, down)), or write "
                "the migration's .down, or declare .irreversible = true");
};

template <class Migration, std::size_t Operation, schema::detail::name_text Table, dialect Dialect>
struct rebuild_of_unknown_table {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this operation (see Operation) needs its table (see Table) rebuilt in the dialect "
                "(see Dialect), which cannot ALTER it, but a raw SQL or C++ migration earlier in the chain may have "
                "changed that table, so its definition is not known; give the migration that dialect's own SQL "
                "(e.g. .sqlite = {.up = \"...\", .down = \"...\"}), or limit it with .only");
};

template <class Migration>
struct concurrent_index_not_alone {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: CREATE/DROP INDEX CONCURRENTLY runs outside a transaction and alone; make it the "
                "only operation of its migration");
};

template <class Migration>
struct up_with_operations {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: a MIGRATE_SCHEMA_MIGRATION's upgrade is its operations; remove .up (dialect "
                "overrides such as .sqlite = {...} stay possible)");
};

}  // namespace migrate::schema_error

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema {
namespace detail {

constexpr ::migrate::dialect_sql& override_ref(migration_spec& spec, dialect d) noexcept {
  switch (d) {
#define MIGRATE_SCHEMA_OVERRIDE_CASE(name) \
  case dialect::name: return spec.name;
    MIGRATE_DIALECTS(MIGRATE_SCHEMA_OVERRIDE_CASE)
#undef MIGRATE_SCHEMA_OVERRIDE_CASE
  }
  return spec.sqlite;
}

/// What a typed migration's operations say beyond their texts, judged in one evaluation per migration.
struct typed_facts {
  typed_check check{};
  dialect_set rendered{};        ///< dialects whose text is rendered (no override, not left out by .only)
  dialect_set rebuilds{};        ///< dialects where some operation may rebuild a table (the registry renders those)
  dialect_set chain_rendered{};  ///< rendered and rebuilding: the text depends on the chain before the migration
  bool concurrent = false;       ///< CONCURRENTLY: runs outside a transaction
};
constexpr typed_facts facts_of(const migration_spec& declared, detail::view<operation> ops,
                               const operations_summary& summary) noexcept {
  typed_facts facts;
  facts.concurrent = summary.concurrent;
  facts.rebuilds = rebuild_dialects(ops);
  facts.rendered = rendered_by(declared);
  for (dialect d : all_dialects)
    if (facts.rendered.contains(d) && facts.rebuilds.contains(d)) facts.chain_rendered |= d;
  facts.check = check_typed(!declared.up.empty(), derives_downgrade(declared), summary);
  return facts;
}
template <class M, class Declared>
inline constexpr typed_facts typed_facts_v = facts_of(Declared::spec, resolved_ops<M>, M::ops.summary);

template <class M, class Declared>
struct typed_rules_report {
  static constexpr typed_check check = typed_facts_v<M, Declared>.check;
  static constexpr bool report() {
    if constexpr (check.broken == typed_rule::up_with_operations)
      return sizeof(schema_error::up_with_operations<M>) == 0;
    else if constexpr (check.broken == typed_rule::concurrent_not_alone)
      return sizeof(schema_error::concurrent_index_not_alone<M>) == 0;
    else
      return sizeof(schema_error::operation_without_inverse<M, check.op,
                                                            name_text(to_string(resolved_ops<M>[check.op].kind))>) == 0;
  }
  static constexpr bool value = report();
};
/// The dialects whose text M's operations render, when M breaks no typed rule; otherwise the diagnostic of the rule it
/// breaks: what rendering reads (the chain proof reads proof_rendered_v). A partial specialisation rather than a
/// std::conditional, so that a migration costs no class instantiation for its rules unless one breaks.
template <class M, class Declared, bool Met = typed_facts_v<M, Declared>.check.broken == typed_rule::none>
inline constexpr dialect_set typed_rendered_v = typed_facts_v<M, Declared>.rendered;
template <class M, class Declared>
inline constexpr dialect_set typed_rendered_v<M, Declared, false> =
    (static_cast<void>(typed_rules_report<M, Declared>::value), typed_facts_v<M, Declared>.rendered);

/// The dialects whose text M's operations render, as the chain proof counts them: from its declared spec alone, so
/// that proving a chain evaluates nothing per migration over its operations (the rules on them are checked in one
/// pass over the registry's steps, `fold_hooks::rules_broken_by`; judged per migration, they cost GCC 0.8 M
/// instructions each); an `.up` beside them is the diagnostic here.
template <class M, class Declared, bool UpFree = Declared::spec.up.empty()>
inline constexpr dialect_set proof_rendered_v = rendered_by(Declared::spec);
template <class M, class Declared>
inline constexpr dialect_set proof_rendered_v<M, Declared, false> =
    (static_cast<void>(sizeof(schema_error::up_with_operations<M>)), dialect_set{});

// `declared` with each dialect's rendered upgrade and derived downgrade (`data`, laid out as `layout` says) filled in.
constexpr migration_spec with_texts(const migration_spec& declared, const typed_facts& facts, const text_layout& layout,
                                    const char* data) {
  migration_spec spec = declared;
  const bool derive_down = derives_downgrade(declared);
  for (dialect d : all_dialects) {
    if (!renders_in(declared, d) || facts.rebuilds.contains(d)) continue;
    auto& text = override_ref(spec, d);
    const text_slice up = layout.slices[text_index(d, true)], down = layout.slices[text_index(d, false)];
    text.up = std::string_view(data + up.offset, up.size);
    if (derive_down && text.down.empty()) text.down = std::string_view(data + down.offset, down.size);
  }
  if (facts.concurrent) spec.in_transaction = false;
  return spec;
}

template <class M, class Declared>
inline constexpr migration_spec typed_spec_v =
    (typed_rendered_v<M, Declared>,
     with_texts(Declared::spec, typed_facts_v<M, Declared>, draft_texts<M>.layout, rendered<M>.data));

// M's position in Registry's chain order.
template <class M, class Registry>
constexpr std::size_t chain_position() noexcept {
  constexpr std::size_t declared = registry_steps<Registry>::template index_of<M>();
  const auto& order = Registry::analysis.order;  // read once: GCC charges each read of a registry member O(N)
  std::size_t k = 0;
  while (order[k] != declared) ++k;
  return k;
}
// M's operations in dialect D, rendered against the schema that Registry's chain has built before M: the registry's
// fold at the chunk before M, then the migrations between.
template <class M, dialect D, bool Upgrade, class Registry>
constexpr rebuild_check render_in_chain(sql_writer& w) {
  constexpr std::size_t position = chain_position<M, Registry>();
  constexpr std::size_t chunk = Registry::schema_fold_plan.chunk_of(position);
  constexpr std::size_t in = registry_steps<Registry>::model_for(D);
  auto model = Registry::template schema_fold<chunk, in>.model;
  // Each read once: GCC charges a read of a registry member O(N) (docs/compile-time.md, "What GCC charges per read").
  const detail::view<model_step> steps = view_of(registry_steps<Registry>::steps);
  const auto& order = Registry::analysis.order;
  for (std::size_t k = Registry::schema_fold_plan.starts[chunk]; k < position; ++k)
    if (const std::size_t declared = order[k]; steps[declared].applies_in(in)) model.apply(steps[declared], declared);
  return render_with_model<D>(w, model, M::ops.ops, Upgrade);
}
struct chain_render_outcome {
  std::size_t size = 0;
  rebuild_check check{};
};
template <class M, dialect D, bool Upgrade, class Registry>
inline constexpr chain_render_outcome chain_outcome = [] {
  sql_writer w;
  const auto check = render_in_chain<M, D, Upgrade, Registry>(w);
  return chain_render_outcome{w.size, check};
}();
template <class M, dialect D, bool Upgrade, class Registry>
struct chain_rendered_buffer {
  char data[chain_outcome<M, D, Upgrade, Registry>.size + 1];
  constexpr chain_rendered_buffer() {
    sql_writer w{data};
    render_in_chain<M, D, Upgrade, Registry>(w);
    data[chain_outcome<M, D, Upgrade, Registry>.size] = '\0';
  }
};
template <class M, dialect D, bool Upgrade, class Registry>
inline constexpr chain_rendered_buffer<M, D, Upgrade, Registry> chain_rendered{};
template <class M, dialect D, bool Upgrade, class Registry>
constexpr std::string_view chain_text() noexcept {
  return {chain_rendered<M, D, Upgrade, Registry>.data, chain_outcome<M, D, Upgrade, Registry>.size};
}
template <class M, dialect D, class Registry>
inline constexpr checksum_text chain_checksum = sql_checksum_text(chain_text<M, D, true, Registry>());

template <class M, dialect D, bool Upgrade, class Registry>
constexpr bool chain_renders() {
  constexpr auto check = chain_outcome<M, D, Upgrade, Registry>.check;
  if constexpr (check.possible) return true;
  else return sizeof(schema_error::rebuild_of_unknown_table<M, check.op, name_text(check.table), D>) == 0;
}

// `info` (M's view in dialect D, without text there) with the text rendered in Registry's chain.
template <class M, class Declared, dialect D, class Registry>
constexpr migration_info info_in_chain(migration_info info) {
  constexpr const migration_spec& declared = Declared::spec;
  constexpr std::string_view own_down = declared.override_for(D).down.empty() ? declared.down : declared.override_for(D).down;
  constexpr bool derive_down = own_down.empty() && !declared.irreversible;
  if constexpr (chain_renders<M, D, true, Registry>() && (!derive_down || chain_renders<M, D, false, Registry>())) {
    info.up_sql = chain_text<M, D, true, Registry>();
    info.checksum = std::string_view(chain_checksum<M, D, Registry>.data(), chain_checksum<M, D, Registry>.size());
    if constexpr (derive_down) info.down_sql = chain_text<M, D, false, Registry>();
    else info.down_sql = own_down;
    info.rebuilds_tables = chain_outcome<M, D, true, Registry>.check.rebuilt ||
                           (derive_down && chain_outcome<M, D, false, Registry>.check.rebuilt);
  }
  return info;
}

}  // namespace detail

/// Base of `MIGRATE_SCHEMA_MIGRATION` types: the vocabulary for the body, and the spec rendered from its `ops`.
template <class Self, class Declared>
struct schema_migration : operation_vocabulary {
  using migrate_kind = sql_migration_tag;
  /// The spec as the migration declares it (what `MIGRATE_SCHEMA_MIGRATION` wrote).
  using declared_spec = Declared;
  /// The declared spec with each dialect's SQL rendered from `Self::ops`.
  static constexpr const migration_spec& spec = detail::typed_spec_v<Self, Declared>;
  /// The declared spec, without the rendered SQL: what the chain proof reads (migrate::detail::proof_spec).
  static constexpr const migration_spec& proof_spec = Declared::spec;
  /// The dialects whose SQL is rendered from `Self::ops` (the others have the migration's own, or none).
  static constexpr dialect_set rendered_dialects() noexcept { return detail::proof_rendered_v<Self, Declared>; }
  /// The operations, in upgrade order, for the schema model.
  static constexpr std::span<const operation> schema_operations() noexcept { return Self::ops.ops; }
  /// The schema fold of a registry's migrations `Ms` (`migrate::registry` folds it a chunk at a time).
  template <class... Ms>
  struct fold_hooks {
    /// The empty model.
    static constexpr detail::fold_state<detail::model_capacity<Ms...>> start() { return {}; }
    /// Where each chunk of the fold starts, `order` being the registry's chain order.
    // Each reads copies of the steps and the chain order: GCC charges every read of `steps_of<Ms...>` or of the
    // registry's order (directly or through a pointer into it) in the registry's size, so reading the variables in
    // a loop made the proof quadratic (docs/compile-time.md, "What GCC charges per read").
    template <std::size_t N>
    static constexpr detail::fold_plan<N> plan(const std::array<std::uint32_t, N>& order) {
      const auto steps = detail::steps_of<Ms...>;
      const auto chain = order;
      return detail::plan_fold(detail::view_of(steps), chain);
    }
    /// `state` with the migrations at chain positions [begin, end) applied.
    template <class State, std::size_t N>
    static constexpr State chunk(const State& state, const std::array<std::uint32_t, N>& order, std::size_t begin,
                                 std::size_t end, std::size_t in) {
      const auto steps = detail::steps_of<Ms...>;
      const auto chain = order;
      return detail::fold_chunk(state, detail::view_of(steps), chain, begin, end, in);
    }
    /// The first of `Ms` (declared index) whose operations break a rule of typed migrations (no inverse for a derived
    /// downgrade, CONCURRENTLY beside other operations), or `npos`.
    static constexpr std::size_t rules_broken_by() noexcept {
      const auto steps = detail::steps_of<Ms...>;
      return detail::first_typed_break(detail::view_of(steps));
    }
    /// Instantiates the diagnostic of the rule `Culprit` breaks.
    template <class Culprit>
    static constexpr bool report_rules() {
      return detail::typed_rules_report<Culprit, typename Culprit::declared_spec>::value;
    }
    /// Instantiates the diagnostic for the verdict, naming the culprit among `Ms`.
    template <auto Verdict, class Culprit>
    static constexpr bool report() {
      return detail::report_schema_verdict<Culprit, Verdict>();
    }
  };
  /// The dialects whose text depends on the schema before this migration (a SQLite table rebuild).
  static constexpr dialect_set chain_rendered_dialects() noexcept {
    return detail::typed_facts_v<Self, Declared>.chain_rendered;
  }
  /// `info` (this migration's view in dialect D) with the text D runs, rendered in `Registry`'s chain.
  template <dialect D, class Registry>
  static constexpr migration_info info_in_chain(const migration_info& info) {
    return detail::info_in_chain<Self, Declared, D, Registry>(info);
  }
};

}  // namespace migrate::schema

/// Declares a migration written as typed schema operations:
/// `MIGRATE_SCHEMA_MIGRATION(name, .revision = "...", .revises = "...", .description = "...") {
///    static constexpr auto ops = operations(create_table("users", column("id", auto_id), ...));
///  };`
#define MIGRATE_SCHEMA_MIGRATION(name, ...)                             \
  struct name##_migrate_spec {                                          \
    static constexpr ::migrate::migration_spec spec{__VA_ARGS__};       \
  };                                                                    \
  struct name : ::migrate::schema::schema_migration<name, name##_migrate_spec>
