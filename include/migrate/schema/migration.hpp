// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `MIGRATE_SCHEMA_MIGRATION`: a migration written as typed operations, rendered per dialect at compile time.

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include <migrate/core/detail/diagnostics.hpp>
#include <migrate/core/migration.hpp>
#include <migrate/schema/detail/chain_model.hpp>
#include <migrate/schema/render.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema::detail {

// The migration's operations with their column spans pointing into its (static) pack.
template <class M>
inline constexpr auto resolved_ops = [] {
  auto ops = M::ops.ops;
  for (auto& op : ops)
    if (op.column_count != 0)
      op.columns = std::span<const column_def>(M::ops.pool.data() + op.column_offset, op.column_count);
  return ops;
}();

template <class M, dialect D, bool Upgrade>
inline constexpr std::size_t rendered_size = [] {
  sql_writer w;
  operations_sql<D>(w, resolved_ops<M>, Upgrade);
  return w.size;
}();

// The text is written in place, into an array of its exact size: no copy of it is ever made while compiling.
template <class M, dialect D, bool Upgrade>
struct rendered_buffer {
  char data[rendered_size<M, D, Upgrade> + 1];
  constexpr rendered_buffer() {
    sql_writer w{data};
    operations_sql<D>(w, resolved_ops<M>, Upgrade);
    data[rendered_size<M, D, Upgrade>] = '\0';
  }
};
template <class M, dialect D, bool Upgrade>
inline constexpr rendered_buffer<M, D, Upgrade> rendered{};

template <class M, dialect D, bool Upgrade>
constexpr std::string_view rendered_text() noexcept {
  return {rendered<M, D, Upgrade>.data, rendered_size<M, D, Upgrade>};
}

template <class M>
constexpr std::size_t first_irreversible() noexcept {
  for (std::size_t k = 0; k < resolved_ops<M>.size(); ++k)
    if (!resolved_ops<M>[k].reversible()) return k;
  return resolved_ops<M>.size();
}
template <class M, dialect D>
constexpr std::size_t first_unsupported() noexcept {
  for (std::size_t k = 0; k < resolved_ops<M>.size(); ++k)
    if (!dialect_renderer<D>::unsupported(resolved_ops<M>[k]).empty()) return k;
  return resolved_ops<M>.size();
}
template <class M>
constexpr bool any_concurrent() noexcept {
  for (const auto& op : resolved_ops<M>)
    if (op.is_concurrent) return true;
  return false;
}
// True when the user's own SQL replaces the rendering in dialect d (an override) or d is not among `.only`.
constexpr bool renders_in(const migration_spec& declared, dialect d) noexcept {
  return (declared.only.empty() || declared.only.contains(d)) && declared.override_for(d).up.empty();
}

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

template <class Migration, std::size_t Operation, schema::detail::name_text Kind, dialect Dialect>
struct operation_not_in_dialect {
  static_assert(migrate::detail::always_false<Migration>,
                "migrate::schema: this operation (see Operation, Kind) cannot be written in the dialect (see "
                "Dialect) with ALTER TABLE; give the migration that dialect's own SQL (e.g. .sqlite = {.up = "
                "\"...\", .down = \"...\"}), or limit it with .only");
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

template <class M, class Declared, dialect D>
constexpr bool check_dialect() {
  if constexpr (!renders_in(Declared::spec, D) || first_unsupported<M, D>() == resolved_ops<M>.size()) {
    return true;
  } else {
    constexpr auto k = first_unsupported<M, D>();
    return sizeof(schema_error::operation_not_in_dialect<M, k, name_text(to_string(resolved_ops<M>[k].kind)), D>) == 0;
  }
}

// Each rule in turn; the first broken one instantiates its diagnostic, naming the migration and operation.
template <class M, class Declared>
constexpr bool check_typed_migration() {
  constexpr const migration_spec& declared = Declared::spec;
  constexpr auto& ops = resolved_ops<M>;
  if constexpr (!declared.up.empty()) {
    return sizeof(schema_error::up_with_operations<M>) == 0;
  } else if constexpr (any_concurrent<M>() && ops.size() != 1) {
    return sizeof(schema_error::concurrent_index_not_alone<M>) == 0;
  } else if constexpr (!declared.irreversible && declared.down.empty() && first_irreversible<M>() < ops.size()) {
    constexpr auto k = first_irreversible<M>();
    return sizeof(schema_error::operation_without_inverse<M, k, name_text(to_string(ops[k].kind))>) == 0;
  } else {
    return [&]<std::size_t... Ds>(std::index_sequence<Ds...>) {
      return (check_dialect<M, Declared, all_dialects[Ds]>() && ...);
    }(std::make_index_sequence<dialect_count>{});
  }
}

// The declared spec with each dialect's rendered upgrade and derived downgrade filled in.
template <class M, class Declared>
constexpr migration_spec typed_spec() {
  migration_spec spec = Declared::spec;
  const bool derive_down = spec.down.empty() && !spec.irreversible;
  [&]<std::size_t... Ds>(std::index_sequence<Ds...>) {
    (
        [&] {
          constexpr dialect d = all_dialects[Ds];
          if constexpr (renders_in(Declared::spec, d) && first_unsupported<M, d>() == resolved_ops<M>.size()) {
            auto& text = override_ref(spec, d);
            text.up = rendered_text<M, d, true>();
            if (derive_down && text.down.empty()) text.down = rendered_text<M, d, false>();
          }
        }(),
        ...);
  }(std::make_index_sequence<dialect_count>{});
  if (any_concurrent<M>()) spec.in_transaction = false;
  return spec;
}

template <class M, class Declared>
inline constexpr migration_spec typed_spec_v = (check_typed_migration<M, Declared>(), typed_spec<M, Declared>());

}  // namespace detail

/// Base of `MIGRATE_SCHEMA_MIGRATION` types: the vocabulary for the body, and the spec rendered from its `ops`.
template <class Self, class Declared>
struct schema_migration : operation_vocabulary {
  using migrate_kind = sql_migration_tag;
  /// The declared spec with each dialect's SQL rendered from `Self::ops`.
  static constexpr const migration_spec& spec = detail::typed_spec_v<Self, Declared>;
  /// The operations, in upgrade order, for the schema model.
  static constexpr std::span<const operation> schema_operations() noexcept { return detail::resolved_ops<Self>; }
  /// Folds the model over a registry's migrations `Ms` in chain order (`migrate::registry` calls this).
  template <class... Ms, std::size_t N>
  static constexpr detail::schema_verdict fold_schema(const std::array<std::uint32_t, N>& order) {
    return detail::fold_chain<Ms...>(order);
  }
  /// Instantiates the diagnostic for the verdict, naming the culprit among `Ms`.
  template <auto Verdict, class Culprit>
  static constexpr bool report_schema() {
    return detail::report_schema_verdict<Culprit, Verdict>();
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
