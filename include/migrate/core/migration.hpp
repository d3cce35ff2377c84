// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Declaring a migration: `migrate::migration_spec` and the `MIGRATE_*_MIGRATION` macros.

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>

#include <migrate/core/dialect.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// Most down revisions one migration may name (a merge of more heads is a sign of trouble).
inline constexpr std::size_t max_down_revisions = 8;

namespace detail {
/// Up to `Max` names given as `"one"` or `{"a", "b"}`.
template <std::size_t Max>
struct name_array {
  std::array<std::string_view, Max> ids{};
  std::size_t count = 0;

  constexpr name_array() = default;
  template <std::size_t N>
  constexpr name_array(const char (&one)[N]) : ids{std::string_view(one, N - 1)}, count(1) {}
  constexpr name_array(std::initializer_list<std::string_view> list) {
    if (list.size() > Max) throw "migrate: too many names in a list (see migrate::max_down_revisions, max_touched_tables)";
    for (auto id : list) ids[count++] = id;
  }

  constexpr auto begin() const { return ids.begin(); }
  constexpr auto end() const { return ids.begin() + count; }
  constexpr std::size_t size() const { return count; }
  constexpr bool empty() const { return count == 0; }
};
}  // namespace detail

/// The down revision(s) of a migration: none for the root, one normally, several for a merge.
struct down_revision_list : detail::name_array<max_down_revisions> {
  using name_array::name_array;
};

/// Most tables one raw SQL or C++ migration may declare in `.touches`.
inline constexpr std::size_t max_touched_tables = 16;

/// For the typed schema model (migrate/schema.hpp): the tables whose definition a raw SQL or C++ migration changes
/// or creates, `.touches = {"users", "notes"}`; `migrate::touches_nothing` for a migration that changes data only.
/// Not declared: it may have changed any table.
struct table_list : detail::name_array<max_touched_tables> {
  bool declared = false;

  constexpr table_list() = default;
  template <std::size_t N>
  constexpr table_list(const char (&one)[N]) : name_array(one), declared(true) {}
  constexpr table_list(std::initializer_list<std::string_view> list) : name_array(list), declared(true) {}
};
/// `.touches = migrate::touches_nothing`: the migration changes rows only, no table's definition.
inline constexpr table_list touches_nothing = [] {
  table_list none;
  none.declared = true;
  return none;
}();

/// Everything a migration declares, written with designated initializers in this order.
struct migration_spec {
  std::string_view revision{};      ///< unique id, e.g. "3f2a9c1b7d4e" (letters, digits, `_ - .`)
  down_revision_list revises{};     ///< parent revision(s); empty for the root
  std::string_view description{};   ///< one line, shown in status and history
  std::string_view created{};       ///< creation time as written by migrate-new
  std::string_view up{};            ///< portable SQL run on upgrade (SQL migrations only)
  std::string_view down{};          ///< portable SQL run on downgrade (SQL migrations only)
  // One override per dialect (`.sqlite = {.up = ..., .down = ...}`, `.postgresql = {...}`), in MIGRATE_DIALECTS order.
#define MIGRATE_DIALECT_FIELD(name) dialect_sql name{};
  MIGRATE_DIALECTS(MIGRATE_DIALECT_FIELD)
#undef MIGRATE_DIALECT_FIELD
  dialect_set only{};               ///< the dialects this migration is for; empty: every dialect it has SQL for
  bool irreversible = false;        ///< says there is deliberately no downgrade
  bool in_transaction = true;       ///< false for statements that cannot run in a transaction
  table_list touches{};             ///< raw SQL / C++ migrations: the tables it changes, for the typed schema model

  /// The override for dialect `d`.
  constexpr const dialect_sql& override_for(dialect d) const noexcept {
    switch (d) {
#define MIGRATE_DIALECT_CASE(name) \
  case dialect::name: return name;
      MIGRATE_DIALECTS(MIGRATE_DIALECT_CASE)
#undef MIGRATE_DIALECT_CASE
    }
    return sqlite;
  }
  /// The dialects where it runs nothing: those outside `.only`, and those overridden with `migrate::skip`.
  constexpr dialect_set runs_nothing_in() const noexcept {
    if (portable_only()) return {};
    dialect_set out;
    for (auto d : all_dialects)
      if ((!only.empty() && !only.contains(d)) || override_for(d).skips()) out |= d;
    return out;
  }
  /// True when some dialect has an override.
  constexpr bool has_overrides() const noexcept {
    // One expression over the fields rather than a loop through override_for: a registry asks this of every
    // migration while compiling, where each call costs the constant evaluators time and memory.
    return false
#define MIGRATE_DIALECT_OVERRIDDEN(name) || name.up.size() != 0 || name.down.size() != 0
        MIGRATE_DIALECTS(MIGRATE_DIALECT_OVERRIDDEN)
#undef MIGRATE_DIALECT_OVERRIDDEN
        ;
  }
  /// True when it declares neither dialect overrides nor `.only`: its portable SQL (if any) is all it runs.
  constexpr bool portable_only() const noexcept { return only.empty() && !has_overrides(); }
  /// The SQL run on upgrade in dialect `d`: its override, else the portable `.up`; empty when none is for `d`.
  constexpr std::string_view up_for(dialect d) const noexcept {
    if (!only.empty() && !only.contains(d)) return {};
    return override_for(d).up.empty() ? up : override_for(d).up;
  }
  /// The SQL run on downgrade in dialect `d`: its override, else the portable `.down`; empty without `up_for(d)`.
  constexpr std::string_view down_for(dialect d) const noexcept {
    if (up_for(d).empty()) return {};
    return override_for(d).down.empty() ? down : override_for(d).down;
  }
  /// The dialects this migration has upgrade SQL for.
  constexpr dialect_set dialects() const noexcept {
    if (portable_only()) return up.empty() ? dialect_set{} : every_dialect;
    dialect_set set;
    for (auto d : all_dialects)
      if (!up_for(d).empty()) set |= d;
    return set;
  }
};

namespace detail {
/// A typed schema migration (migrate/schema.hpp): the registry folds its operations into the schema model.
template <class M>
concept typed_schema_migration = requires { M::schema_operations(); };

// What the chain proof reads of migration M: `M::proof_spec` when it has one, else `M::spec`. A typed schema
// migration's proof spec is the spec it declares, without the SQL its operations render (the registry asks it which
// dialects they render in), so proving a chain renders nothing; the SQL is rendered where a store or a view reads
// `M::spec`, for the applications that link one.
template <class M>
constexpr const migration_spec& proof_spec() noexcept {
  if constexpr (requires { M::proof_spec; }) return M::proof_spec;
  else return M::spec;
}
}  // namespace detail

/// Marks a type declared with `MIGRATE_SQL_MIGRATION`.
struct sql_migration_tag {};
/// Marks a type declared with `MIGRATE_CODE_MIGRATION`.
struct code_migration_tag {};

/// Base of C++ code migrations; `Spec::spec` holds the declaration.
template <class Spec>
struct code_migration {
  using migrate_kind = code_migration_tag;
  static constexpr const migration_spec& spec = Spec::spec;
};

}  // namespace migrate

/// Declares SQL migration `name`: `MIGRATE_SQL_MIGRATION(name, .revision = "...", ..., .up = "...", .down = "...");`
#define MIGRATE_SQL_MIGRATION(name, ...)                              \
  struct name {                                                       \
    using migrate_kind = ::migrate::sql_migration_tag;                \
    static constexpr ::migrate::migration_spec spec{__VA_ARGS__};     \
  }

/// Declares C++ migration `name`; follow it with a body holding static `upgrade(Session&)` and `downgrade(Session&)`.
#define MIGRATE_CODE_MIGRATION(name, ...)                             \
  struct name##_migrate_spec {                                        \
    static constexpr ::migrate::migration_spec spec{__VA_ARGS__};     \
  };                                                                  \
  struct name : ::migrate::code_migration<name##_migrate_spec>
