// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::registry<Migrations...>`: the migrations of one application, proven well-ordered at compile time.

#include <array>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/hana/basic_tuple.hpp>
#include <boost/hana/type.hpp>

#include <migrate/core/checksum.hpp>
#include <migrate/core/detail/chain_analysis.hpp>
#include <migrate/core/detail/diagnostics.hpp>
#include <migrate/core/dialect.hpp>
#include <migrate/core/migration.hpp>
#include <migrate/core/migration_info.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {
namespace detail {

// Naming M::spec makes the compilers evaluate it: a migration with a proof spec (proof_spec) is asked for that one, so
// that the proof renders nothing.
template <class M>
concept has_spec = requires { { M::proof_spec } -> std::convertible_to<const migration_spec&>; } ||
                   requires { { M::spec } -> std::convertible_to<const migration_spec&>; };
template <class M>
concept has_kind = requires { typename M::migrate_kind; };
template <class M>
concept is_sql_migration = has_kind<M> && std::is_same_v<typename M::migrate_kind, sql_migration_tag>;

// One static_assert per requirement, each naming the user's type through the instantiation.
template <class M>
struct migration_requirements {
  static_assert(has_spec<M>,
                "migrate::registry: a migration type needs `static constexpr migrate::migration_spec spec`; declare "
                "it with MIGRATE_SQL_MIGRATION or MIGRATE_CODE_MIGRATION");
  static_assert(has_kind<M>,
                "migrate::registry: a migration type needs `using migrate_kind = migrate::sql_migration_tag` or "
                "`migrate::code_migration_tag`; declare it with MIGRATE_SQL_MIGRATION or MIGRATE_CODE_MIGRATION");
  static constexpr bool value = has_spec<M> && has_kind<M>;
};

template <class M, bool = migration_requirements<M>::value>
struct migration_spec_requirements {
  static constexpr bool value = false;
};
// Facts about a spec's per-dialect SQL, for the requirements below.
constexpr bool lacks_down_somewhere(const migration_spec& spec) {
  if (spec.portable_only()) return !spec.up.empty() && spec.down.empty();
  for (auto d : all_dialects)
    if (!spec.up_for(d).empty() && spec.down_for(d).empty()) return true;
  return spec.only.empty() && !spec.up.empty() && spec.down.empty();
}
constexpr bool has_any_down(const migration_spec& spec) {
  if (!spec.down.empty()) return true;
  if (!spec.has_overrides()) return false;
  for (auto d : all_dialects)
    if (!spec.override_for(d).down.empty()) return true;
  return false;
}
constexpr bool overrides_outside_only(const migration_spec& spec) {
  if (spec.only.empty()) return false;
  for (auto d : all_dialects)
    if (!spec.only.contains(d) && (!spec.override_for(d).up.empty() || !spec.override_for(d).down.empty()))
      return true;
  return false;
}

// Typed schema migrations (migrate/schema.hpp) that rebuild a table in some dialect render that dialect's text
// with their registry's chain (it depends on the schema before them); every other text depends on the migration alone.
template <class M>
constexpr dialect_set chain_rendered_dialects() noexcept {
  if constexpr (requires { M::chain_rendered_dialects(); }) return M::chain_rendered_dialects();
  else return {};
}
// A typed schema migration's proof spec is the spec it declares, without the SQL its operations render in the
// dialects it names here (on its own, or with the chain): the proof counts those texts without rendering them.
template <class M>
constexpr dialect_set rendered_dialects() noexcept {
  if constexpr (requires { M::rendered_dialects(); }) return M::rendered_dialects();
  else return {};
}
// The dialects a migration has SQL for: its spec's, and those rendered for it (from its operations, or its chain).
constexpr dialect_set text_dialects(const migration_spec& spec, dialect_set rendered) noexcept {
  dialect_set set = spec.dialects();
  set |= rendered;
  return set;
}
template <class M>
constexpr dialect_set text_dialects() noexcept {
  return text_dialects(M::spec, chain_rendered_dialects<M>());
}

// What a migration's spec must satisfy, each rule once and all in one evaluation per migration (a call per rule
// costs GCC memory per migration); the class of static_asserts naming the culprit reads them, and is instantiated
// only when one breaks (six static_asserts per migration cost GCC ~20 MB over 1000 migrations).
struct spec_rule {
  enum : unsigned {
    sql_has_up = 1,
    sql_has_down = 2,
    irreversible_without_down = 4,
    overrides_within_only = 8,
    code_has_no_sql = 16,
    code_has_no_dialects = 32,
  };
};
/// The rules `spec` breaks, or 0.
constexpr unsigned broken_spec_rules(const migration_spec& spec, bool sql, dialect_set rendered) noexcept {
  unsigned broken = 0;
  if (spec.irreversible && has_any_down(spec)) broken |= spec_rule::irreversible_without_down;
  if (sql) {
    if (text_dialects(spec, rendered).empty()) broken |= spec_rule::sql_has_up;
    if (lacks_down_somewhere(spec) && !spec.irreversible) broken |= spec_rule::sql_has_down;
    if (overrides_outside_only(spec)) broken |= spec_rule::overrides_within_only;
  } else {
    if (!spec.up.empty() || !spec.down.empty()) broken |= spec_rule::code_has_no_sql;
    if (!spec.portable_only()) broken |= spec_rule::code_has_no_dialects;
  }
  return broken;
}

template <class M>
struct migration_spec_requirements<M, true> {
  static constexpr unsigned broken = broken_spec_rules(proof_spec<M>(), is_sql_migration<M>, rendered_dialects<M>());
  static constexpr bool holds(unsigned rule) { return (broken & rule) == 0; }
  static_assert(holds(spec_rule::sql_has_up),
                "migrate::registry: this SQL migration's .up is empty; write its SQL (portable .up, or a dialect's, "
                "e.g. .postgresql = {.up = \"...\"})");
  static_assert(holds(spec_rule::sql_has_down),
                "migrate::registry: this SQL migration has no .down (for a dialect it has SQL for); write the SQL that "
                "undoes it, or declare .irreversible = true to say there is none");
  static_assert(holds(spec_rule::irreversible_without_down),
                "migrate::registry: this migration declares .irreversible = true and also a .down; keep one");
  static_assert(holds(spec_rule::overrides_within_only),
                "migrate::registry: this SQL migration overrides the SQL of a dialect its .only leaves out; remove "
                "the override, or add the dialect to .only");
  static_assert(holds(spec_rule::code_has_no_sql),
                "migrate::registry: a code migration does its work in upgrade()/downgrade(); remove .up and .down");
  static_assert(holds(spec_rule::code_has_no_dialects),
                "migrate::registry: a code migration is bound to stores by the session its upgrade() takes; remove "
                "the dialect overrides and .only");
  static constexpr bool value = true;
};
struct requirements_hold {
  static constexpr bool value = true;
};
// True when M meets every requirement; otherwise false, with the diagnostics of the ones it breaks.
template <class M>
inline constexpr bool requirements_met = migration_requirements<M>::value;
template <class M>
  requires(has_spec<M> && has_kind<M>)
inline constexpr bool requirements_met<M> =
    std::conditional_t<broken_spec_rules(proof_spec<M>(), is_sql_migration<M>, rendered_dialects<M>()) == 0,
                       requirements_hold, migration_spec_requirements<M>>::value;

// Which text a store runs: a dialect's (its index), or the portable `.up`/`.down` for a store declaring no dialect.
inline constexpr std::size_t portable_text = dialect_count;
constexpr std::size_t text_choice(dialect d) noexcept { return static_cast<std::size_t>(d); }

template <class M, std::size_t Choice>
constexpr std::string_view up_text() noexcept {
  if constexpr (Choice == portable_text) return M::spec.up;
  else return M::spec.up_for(all_dialects[Choice]);
}
template <class M, std::size_t Choice>
constexpr std::string_view down_text() noexcept {
  if constexpr (Choice == portable_text) return M::spec.down;
  else return M::spec.down_for(all_dialects[Choice]);
}
// True when migration M has SQL for the choice (a store without a dialect runs only unrestricted portable SQL).
template <class M, std::size_t Choice>
constexpr bool has_text() noexcept {
  if constexpr (Choice == portable_text) return M::spec.only.empty() && !M::spec.up.empty();
  else return !M::spec.up_for(all_dialects[Choice]).empty() || chain_rendered_dialects<M>().contains(all_dialects[Choice]);
}

template <class M>
constexpr checksum_text checksum_of = is_sql_migration<M> ? sql_checksum_text(M::spec.up) : checksum_text{};
template <class M, std::size_t Choice>
constexpr checksum_text override_checksum_of = sql_checksum_text(up_text<M, Choice>());

// The checksum of the text that runs: the portable one (computed once) unless the choice runs other text.
template <class M, std::size_t Choice>
constexpr std::string_view checksum_for() noexcept {
  if constexpr (!is_sql_migration<M>) {
    return {};
  } else if constexpr (up_text<M, Choice>().empty()) {
    return {};
  } else if constexpr (up_text<M, Choice>() == M::spec.up) {
    return std::string_view(checksum_of<M>.data(), checksum_of<M>.size());
  } else {
    return std::string_view(override_checksum_of<M, Choice>.data(), override_checksum_of<M, Choice>.size());
  }
}

template <class M>
constexpr std::string_view portable_checksum() noexcept {
  if constexpr (is_sql_migration<M>)
    return M::spec.up.empty() ? std::string_view() : std::string_view(checksum_of<M>.data(), checksum_of<M>.size());
  else
    return {};
}

// The entry of the migration `spec` declares, running `up`/`down` (checksum `sum`): not a template, so a view of N
// migrations evaluates it N times instead of instantiating N copies.
constexpr migration_info info_from(const migration_spec& spec, bool sql, std::string_view up, std::string_view down,
                                   std::string_view sum, dialect_set dialects) noexcept {
  return migration_info{
      .revision = spec.revision,
      .down_revisions = std::span<const std::string_view>(spec.revises.ids.data(), spec.revises.size()),
      .description = spec.description,
      .created = spec.created,
      .kind = sql ? migration_kind::sql : migration_kind::code,
      .up_sql = up,
      .down_sql = down,
      .checksum = sum,
      .reversible = !spec.irreversible,
      .in_transaction = spec.in_transaction,
      .dialects = sql ? dialects : dialect_set{},
  };
}

template <class M, std::size_t Choice = portable_text>
constexpr migration_info info_of() {
  constexpr bool sql = is_sql_migration<M>;
  if constexpr (Choice == portable_text)
    return info_from(M::spec, sql, M::spec.up, M::spec.down, portable_checksum<M>(), text_dialects<M>());
  else
    return info_from(M::spec, sql, up_text<M, Choice>(), down_text<M, Choice>(), checksum_for<M, Choice>(),
                     text_dialects<M>());
}

// One constant evaluation per migration for what does not depend on the others, so the chain pass and the
// views stay within the compilers' per-evaluation limits (Clang: -fconstexpr-steps) at 10 000 migrations.
template <class M>
inline constexpr migration_keys keys_v = keys_of(proof_spec<M>());
template <class M, std::size_t Choice>
inline constexpr migration_info info_v = info_of<M, Choice>();
// True when M runs the same text in every dialect (no .only, no override, nothing rendered from the chain): its entry
// in each dialect's view is then its portable one, copied instead of evaluated again per dialect.
// A typed schema migration's texts are rendered per dialect (its proof spec may say portable: only which are there).
template <class M>
constexpr bool same_text_everywhere() noexcept {
  if constexpr (typed_schema_migration<M>) return false;
  else return M::spec.only.empty() && !M::spec.has_overrides();
}
// M's entry in the view of `Choice`: its own for a text rendered from the chain (typed migrations on SQLite, which
// depend on the registry R), else its dialect's, or its portable one when it runs the same text everywhere. Only the
// rendered ones are instantiated with R: a template per migration with the registry among its arguments costs GCC
// time in the registry's size, which made a view of N migrations O(N^2) (1000: ~2 s of ~4).
template <class M, std::size_t Choice>
struct plain_entry {
  static constexpr const migration_info& value = info_v<M, same_text_everywhere<M>() ? portable_text : Choice>;
};
template <class M, std::size_t Choice, class R>
struct rendered_entry {
  static constexpr migration_info value = M::template info_in_chain<all_dialects[Choice], R>(info_v<M, Choice>);
};
template <class M, std::size_t Choice, class R>
using view_entry =
    std::conditional_t<Choice != portable_text && chain_rendered_dialects<M>().contains(all_dialects[Choice]),
                       rendered_entry<M, Choice, R>, plain_entry<M, Choice>>;

// The I-th type of Ms: one class with a base per element, and overload resolution picks base I.
template <std::size_t I, class M>
struct indexed_migration {
  using type = M;
};
template <class Indices, class... Ms>
struct migration_index;
template <std::size_t... Is, class... Ms>
struct migration_index<std::index_sequence<Is...>, Ms...> : indexed_migration<Is, Ms>... {};
template <std::size_t I, class M>
indexed_migration<I, M> select_migration(const indexed_migration<I, M>&);
template <std::size_t I, class... Ms>
using migration_at =
    typename decltype(select_migration<I>(migration_index<std::index_sequence_for<Ms...>, Ms...>{}))::type;

// True when every element is. A pack expanded into a list does not nest the way a fold expression does,
// so large registries stay clear of Clang's bracket-depth limit (256).
constexpr bool all_true(std::initializer_list<bool> values) noexcept {
  for (bool value : values)
    if (!value) return false;
  return true;
}
constexpr std::size_t sum(std::initializer_list<std::size_t> values) noexcept {
  std::size_t total = 0;
  for (std::size_t value : values) total += value;
  return total;
}

// Packs over a registry's migrations are expanded in variables, not in the registry's functions: GCC checks the
// template arguments of the function being instantiated (the registry's: every migration) for each element an
// expansion there names, O(N^2) in all; a variable's initializer has no enclosing function.
template <class... Ms>
inline constexpr std::array<migration_keys, sizeof...(Ms)> keys_in_order{keys_v<Ms>...};
template <class... Ms>
inline constexpr std::array<const migration_info*, sizeof...(Ms)> portable_entries{&info_v<Ms, portable_text>...};
template <std::size_t Choice, class R, class... Ms>
inline constexpr std::array<const migration_info*, sizeof...(Ms)> view_entries{&view_entry<Ms, Choice, R>::value...};
template <class... Ms>
inline constexpr bool all_same_text_everywhere = all_true({same_text_everywhere<Ms>()...});
// R::analysis.order, for constant evaluations that read it in a loop: GCC checks a template's arguments each time an
// evaluation reads one of its static members (a registry's: every migration), a variable of R alone costs nothing.
// Only for constant evaluations: a variable used at run time is emitted under a name spelling R.
template <class R>
inline constexpr auto chain_order = R::analysis.order;

// migration_at, or void for an empty registry (which has no finding to name).
template <std::size_t I, class... Ms>
struct migration_named {
  using type = migration_at<I, Ms...>;
};
template <std::size_t I>
struct migration_named<I> {
  using type = void;
};

// The diagnostic for a finding: the chain_error class of its rule, naming the culprit (and the other migration
// involved). Naming a specialisation does not instantiate it; deriving from it (chain_report) does.
template <chain_finding F, class Culprit, class Other, chain_problem P = F.problem>
struct chain_error_for {
  using type = chain_error::several_heads<Culprit, Other, F.revision>;
};
template <chain_finding F, class Culprit, class Other>
struct chain_error_for<F, Culprit, Other, chain_problem::empty_revision> {
  using type = chain_error::empty_revision<Culprit, F.revision>;
};
template <chain_finding F, class Culprit, class Other>
struct chain_error_for<F, Culprit, Other, chain_problem::malformed_revision> {
  using type = chain_error::malformed_revision<Culprit, F.revision>;
};
template <chain_finding F, class Culprit, class Other>
struct chain_error_for<F, Culprit, Other, chain_problem::duplicate_revision> {
  using type = chain_error::duplicate_revision<Culprit, Other, F.revision>;
};
template <chain_finding F, class Culprit, class Other>
struct chain_error_for<F, Culprit, Other, chain_problem::malformed_down_revision> {
  using type = chain_error::malformed_down_revision<Culprit, F.revision>;
};
template <chain_finding F, class Culprit, class Other>
struct chain_error_for<F, Culprit, Other, chain_problem::duplicate_down_revision> {
  using type = chain_error::duplicate_down_revision<Culprit, F.revision>;
};
template <chain_finding F, class Culprit, class Other>
struct chain_error_for<F, Culprit, Other, chain_problem::missing_down_revision> {
  using type = chain_error::missing_down_revision<Culprit, F.revision>;
};
template <chain_finding F, class Culprit, class Other>
struct chain_error_for<F, Culprit, Other, chain_problem::no_root> {
  using type = chain_error::no_root<Culprit, F.revision>;
};
template <chain_finding F, class Culprit, class Other>
struct chain_error_for<F, Culprit, Other, chain_problem::several_roots> {
  using type = chain_error::several_roots<Culprit, Other, F.revision>;
};
template <chain_finding F, class Culprit, class Other>
struct chain_error_for<F, Culprit, Other, chain_problem::cycle> {
  using type = chain_error::cycle<Culprit, F.revision>;
};

// Instantiates the diagnostic for a finding (only when there is a problem) and says whether the chain is sound.
// A class rather than a function: a failed static_assert inside a function's instantiation makes Clang treat the
// function as non-constant, and every use of the result would add an error of its own. Only the culprit and the
// other migration appear in its arguments, so the note naming it does not spell out the whole registry.
template <chain_finding F, class Culprit, class Other>
struct chain_report : chain_error_for<F, Culprit, Other>::type {
  static constexpr bool sound = false;
};
template <chain_finding F, class Culprit, class Other>
  requires(F.problem == chain_problem::none)
struct chain_report<F, Culprit, Other> {
  static constexpr bool sound = true;
};

// Typed schema migrations (migrate/schema.hpp) also prove the schema the chain builds, folding their operations in
// chain order; the fold is theirs, so a registry without them pays nothing.
template <class... Ms>
constexpr std::size_t first_typed_schema_migration() noexcept {
  constexpr bool typed[] = {typed_schema_migration<Ms>..., false};
  std::size_t i = 0;
  while (i < sizeof...(Ms) && !typed[i]) ++i;
  return i;
}
// The fold runs a chunk of the chain per constant evaluation, as the parent confirmation does, so that long typed
// chains stay within the compilers' per-evaluation limits (Clang: -fconstexpr-steps); each chunk starts from the
// state the one before left, and the typed migrations say where chunks start (their operations bound the work).
// The fold's functions are the typed migrations' (`M::fold_hooks<Ms...>`), named once per registry: a call naming
// every migration as a template argument costs GCC time and memory in the registry's size at each call.
// Without typed migrations there are none, and the state is an int that costs nothing.
/// A fold of no chunk (a registry without typed migrations, or whose chain is broken).
struct no_fold_plan {
  static constexpr std::size_t count = 0;
};
template <bool Typed, class... Ms>
struct schema_fold_hooks {
  static constexpr int start() noexcept { return 0; }
  template <class Order>
  static constexpr no_fold_plan plan(const Order&) noexcept { return {}; }
};
template <class... Ms>
struct schema_fold_hooks<true, Ms...>
    : migration_at<first_typed_schema_migration<Ms...>(), Ms...>::template fold_hooks<Ms...> {};
template <class State>
constexpr auto schema_verdict_of(const State& state) {
  if constexpr (std::is_same_v<State, int>) return 0;
  else return state.verdict;
}

}  // namespace detail

/// The migrations of one application, in any order; using it proves they form one chain.
template <class... Migrations>
class registry {
  static constexpr bool types_ok = detail::all_true({detail::requirements_met<Migrations>...});
  static constexpr std::size_t edges_ = detail::sum({detail::proof_spec<Migrations>().revises.count...});
  static constexpr std::array<const migration_spec*, sizeof...(Migrations)> specs_{
      &detail::proof_spec<Migrations>()...};
  static constexpr auto analyse() {
    if constexpr (types_ok)
      return detail::analyse_chain<sizeof...(Migrations), edges_>(specs_, detail::keys_in_order<Migrations...>);
    else
      return detail::chain_analysis<sizeof...(Migrations), edges_>{};
  }

 public:
  /// The outcome of the compile-time analysis (problem, culprit, topological order).
  static constexpr auto analysis = analyse();

 private:
  static constexpr detail::chain_finding finding_{analysis.problem, analysis.culprit, analysis.other,
                                                  analysis.revision};

  static constexpr bool sound_ = types_ok && analysis.problem == detail::chain_problem::none;
  // Without typed migrations there is no fold at all: its chunks are templates of the registry, which cost GCC time
  // in the registry's size each (measured: +18 % memory for a 5000-migration SQL chain).
  static constexpr bool typed_ = detail::first_typed_schema_migration<Migrations...>() < sizeof...(Migrations);

  // A broken chain has no fold: its diagnostic is the one error.
  static constexpr bool folds_ = sound_ && typed_;
  using fold_hooks_ = detail::schema_fold_hooks<folds_, Migrations...>;
  // analysis.order, not chain_order<registry>: the fold is evaluated while the registry is instantiated, which may
  // happen from inside chain_order<registry>'s own initializer (a registry first named there, as the bindings of a
  // C++ migration's functions do), where that variable cannot be read yet. The hooks copy it once per chunk.
  template <std::size_t Chunk, std::size_t In>
  static constexpr auto fold_to() {
    if constexpr (Chunk == 0)
      return fold_hooks_::start();
    else
      return fold_hooks_::chunk(schema_fold<Chunk - 1, In>, analysis.order,
                                schema_fold_plan.starts[Chunk - 1], schema_fold_plan.starts[Chunk], In);
  }

 public:
  /// With typed schema migrations, where each chunk of the schema fold starts in the chain (chunk c applies chain
  /// positions [starts[c], starts[c + 1]), `count` chunks); otherwise `count` is 0.
  // The hooks copy the order before reading it: GCC charges each read of a registry member in the registry's size.
  // (Not chain_order<registry>: this member is evaluated while the registry is instantiated, before that variable
  // can be.)
  static constexpr auto schema_fold_plan = fold_hooks_::plan(analysis.order);
  /// With typed schema migrations, the schema model after the first `Chunk` chunks of the fold (`schema_fold_plan`)
  /// and the first problem found (see migrate/schema.hpp). `In`: the dialect (index) whose model it is, leaving out
  /// the migrations that run nothing there; `dialect_count` (default): the common model.
  template <std::size_t Chunk, std::size_t In = dialect_count>
  static constexpr auto schema_fold = fold_to<Chunk, In>();

 private:
  template <std::size_t In>
  static constexpr auto verdict_in() {
    if constexpr (!folds_)
      return 0;
    else
      return detail::schema_verdict_of(schema_fold<schema_fold_plan.count, In>);
  }

 public:
  /// With typed schema migrations, the first schema problem of the chain; `In` as for `schema_fold`.
  template <std::size_t In = dialect_count>
  static constexpr auto schema_verdict_in = verdict_in<In>();
  static constexpr auto schema_verdict = schema_verdict_in<>;

  /// The dialects some migration runs nothing in (`.only`, `migrate::skip`): each has a schema model of its own.
  static constexpr dialect_set runs_nothing_in = [] {
    dialect_set any;
    const auto specs = specs_;  // one read: GCC charges each read of a registry member in the registry's size
    for (const migration_spec* spec : specs) any |= spec->runs_nothing_in();
    return any;
  }();

 private:
  // Instantiates the diagnostic of a schema verdict, naming the culprit.
  template <auto Verdict>
  static constexpr bool report_schema_problem() {
    return fold_hooks_::template report<Verdict, detail::migration_at<Verdict.migration, Migrations...>>();
  }
  // A dialect some migration runs nothing in has a model of its own, which must hold too: a migration may use what
  // only a migration left out there created.
  template <std::size_t In>
  static constexpr bool dialect_models_sound() {
    if constexpr (In == dialect_count) return true;
    else if constexpr (!runs_nothing_in.contains(all_dialects[In])) return dialect_models_sound<In + 1>();
    else return report_schema_problem<schema_verdict_in<In>>() && dialect_models_sound<In + 1>();
  }
  static constexpr bool schema_sound() {
    // The rules on the typed migrations' operations first, then the schema their chain builds.
    if constexpr (!folds_) return true;
    else if constexpr (constexpr std::size_t culprit = fold_hooks_::rules_broken_by();
                       culprit != static_cast<std::size_t>(-1))
      return fold_hooks_::template report_rules<detail::migration_at<culprit, Migrations...>>();
    else if constexpr (!report_schema_problem<schema_verdict>()) return false;
    else return dialect_models_sound<0>();
  }

 public:
  /// True once every rule holds; otherwise compilation has already failed with the culprit named.
  static constexpr bool verified = types_ok && finding_.problem == detail::chain_problem::none && schema_sound();

 private:
  // The analysis finds parents by their ids' hashes; these confirm the ids, a chunk per constant evaluation.
  template <std::size_t Chunk>
  static constexpr bool parents_confirmed_ = detail::parents_confirmed<sizeof...(Migrations), edges_>(
      specs_, analysis.parents, Chunk * detail::confirm_chunk, (Chunk + 1) * detail::confirm_chunk);
  template <std::size_t... Chunks>
  static constexpr bool all_parents_confirmed(std::index_sequence<Chunks...>) {
    return detail::all_true({parents_confirmed_<Chunks>...});
  }
  static constexpr bool ids_confirmed() {
    if constexpr (types_ok && analysis.problem == detail::chain_problem::none)
      return all_parents_confirmed(
          std::make_index_sequence<(sizeof...(Migrations) + detail::confirm_chunk - 1) / detail::confirm_chunk>{});
    else
      return true;
  }

 public:
  static_assert(ids_confirmed(),
                "migrate::registry: two different revision ids have the same 64-bit hash, so the chain cannot be "
                "checked; give one of them a new id (migrate-new generates one)");
  // Instantiating the report here is what fires the chain diagnostic; Clang then treats the report class as
  // invalid, so nothing else may depend on it.
  using verification =
      detail::chain_report<finding_, typename detail::migration_named<finding_.culprit, Migrations...>::type,
                           typename detail::migration_named<finding_.other, Migrations...>::type>;
  static_assert(sizeof(verification) > 0);
  // Evaluating `verified` at instantiation fires the diagnostics of the checks it includes.
  static_assert(sizeof(std::bool_constant<verified>) > 0);

  /// Number of migrations.
  static constexpr std::size_t size = sizeof...(Migrations);

 private:
  template <std::size_t Choice>
  static constexpr std::array<const migration_info*, size> in_declared_order() {
    if constexpr (!types_ok)
      return {};
    else if constexpr (Choice == detail::portable_text)
      return detail::portable_entries<Migrations...>;
    else
      return detail::view_entries<Choice, registry, Migrations...>;
  }
  // Copied once, from the entries in declared order (pointers, so the compiler keeps no second copy of every entry).
  template <std::size_t Choice>
  static constexpr std::array<migration_info, size> in_chain_order() {
    constexpr std::array<const migration_info*, size> declared = in_declared_order<Choice>();
    std::array<migration_info, size> ordered{};
    if constexpr (size > 0)
      for (std::size_t k = 0; k < size; ++k) ordered[k] = *declared[detail::chain_order<registry>[k]];
    return ordered;
  }
  // One view per text choice, each built only when asked for.
  template <std::size_t Choice>
  static constexpr std::array<migration_info, size> ordered_ = in_chain_order<Choice>();
  // When every migration runs the same text in every dialect (portable SQL, no override, no .only, no typed
  // operations), every dialect's view is the portable one: one table instead of one per dialect.
  static constexpr bool same_text_everywhere_() {
    if constexpr (types_ok) return detail::all_same_text_everywhere<Migrations...>;
    else return true;
  }
  template <std::size_t Choice>
  static constexpr std::span<const migration_info> view_() noexcept {
    if constexpr (same_text_everywhere_()) return ordered_<detail::portable_text>;
    else return ordered_<Choice>;
  }
  template <std::size_t... Ds>
  static constexpr std::array<std::span<const migration_info>, dialect_count> dialect_views(std::index_sequence<Ds...>) {
    return {view_<Ds>()...};
  }

 public:
  /// Every migration, parents before children (the order upgrades run in), with the portable SQL and checksums.
  static constexpr std::span<const migration_info> migrations() noexcept { return ordered_<detail::portable_text>; }
  /// `migrations()` with the SQL and checksum each migration runs in dialect `D` (empty SQL where it has none).
  template <dialect D>
  static constexpr std::span<const migration_info> migrations_for() noexcept {
    return view_<detail::text_choice(D)>();
  }
  /// `migrations_for<d>()`, chosen at run time.
  static std::span<const migration_info> migrations_for(dialect d) noexcept {
    static constexpr auto views = dialect_views(std::make_index_sequence<dialect_count>{});
    return views[static_cast<std::size_t>(d)];
  }
  /// Position in `migrations()` of the migration declared at `declared_index` in the template arguments.
  static constexpr std::size_t chain_position(std::size_t declared_index) noexcept {
    for (std::size_t k = 0; k < size; ++k)
      if (analysis.order[k] == declared_index) return k;
    return size;
  }
  /// The declared migration types, for metaprogramming (Boost.Hana tuple of types). A function, so that the
  /// tuple (costly for large N: 2.7 s of 3.8 s for 1000 migrations as a data member) is built only when asked for.
  static constexpr auto types() noexcept { return boost::hana::make_basic_tuple(boost::hana::type_c<Migrations>...); }
};

/// True for specialisations of `migrate::registry`.
template <class T>
inline constexpr bool is_registry_v = false;
template <class... Ms>
inline constexpr bool is_registry_v<registry<Ms...>> = true;

}  // namespace migrate
