// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// SQL dialects: the databases a SQL migration may give its own text for (`.sqlite = {...}`, `.only = ...`).

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

/// Every dialect as `X(name)`, in the order a migration writes its overrides; `name` is also the URL scheme.
/// A new dialect is one line here; its store declares `static constexpr migrate::dialect sql_dialect`.
#define MIGRATE_DIALECTS(X) X(sqlite) X(postgresql)

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// A SQL dialect, named as its database URLs' scheme.
enum class dialect : std::uint8_t {
#define MIGRATE_DIALECT_ENUMERATOR(name) name,
  MIGRATE_DIALECTS(MIGRATE_DIALECT_ENUMERATOR)
#undef MIGRATE_DIALECT_ENUMERATOR
};

/// Number of dialects.
#define MIGRATE_DIALECT_ONE(name) +1
inline constexpr std::size_t dialect_count = 0 MIGRATE_DIALECTS(MIGRATE_DIALECT_ONE);
#undef MIGRATE_DIALECT_ONE

/// Every dialect, in declaration order.
inline constexpr std::array<dialect, dialect_count> all_dialects{
#define MIGRATE_DIALECT_VALUE(name) dialect::name,
    MIGRATE_DIALECTS(MIGRATE_DIALECT_VALUE)
#undef MIGRATE_DIALECT_VALUE
};

/// The dialect's name: "sqlite", "postgresql".
constexpr std::string_view to_string(dialect d) noexcept {
  constexpr std::array<std::string_view, dialect_count> names{
#define MIGRATE_DIALECT_NAME(name) #name,
      MIGRATE_DIALECTS(MIGRATE_DIALECT_NAME)
#undef MIGRATE_DIALECT_NAME
  };
  return names[static_cast<std::size_t>(d)];
}

/// The dialect named `name` (exactly as `to_string` writes it), if any.
constexpr std::optional<dialect> dialect_named(std::string_view name) noexcept {
  for (auto d : all_dialects)
    if (to_string(d) == name) return d;
  return std::nullopt;
}

/// A set of dialects: `migrate::dialect::postgresql`, or `{migrate::dialect::sqlite, migrate::dialect::postgresql}`.
struct dialect_set {
  std::uint32_t bits = 0;

  constexpr dialect_set() = default;
  constexpr dialect_set(dialect one) noexcept : bits(bit(one)) {}
  constexpr dialect_set(std::initializer_list<dialect> list) noexcept {
    for (auto d : list) bits |= bit(d);
  }

  constexpr bool contains(dialect d) const noexcept { return (bits & bit(d)) != 0; }
  constexpr bool empty() const noexcept { return bits == 0; }
  constexpr dialect_set& operator|=(dialect_set other) noexcept {
    bits |= other.bits;
    return *this;
  }
  friend constexpr bool operator==(dialect_set, dialect_set) = default;

 private:
  static constexpr std::uint32_t bit(dialect d) noexcept { return std::uint32_t{1} << static_cast<unsigned>(d); }
};
/// Every dialect.
inline constexpr dialect_set every_dialect = [] {
  dialect_set set;
  for (auto d : all_dialects) set |= d;
  return set;
}();

/// One dialect's own SQL for a migration; an empty field falls back to the migration's portable `.up`/`.down`.
struct dialect_sql {
  std::string_view up{};    ///< run on upgrade in this dialect instead of the portable `.up`
  std::string_view down{};  ///< run on downgrade in this dialect instead of the portable `.down`

  /// True for `migrate::skip`.
  constexpr bool skips() const noexcept;
};

/// `.sqlite = migrate::skip`: the migration runs nothing in that dialect but is recorded there like any other, so
/// one chain serves every database (Alembic's `if dialect == "postgresql":`); the typed schema model leaves its
/// operations out of that dialect's schema.
inline constexpr dialect_sql skip{"-- migrate::skip: nothing to run in this dialect",
                                  "-- migrate::skip: nothing to run in this dialect"};

constexpr bool dialect_sql::skips() const noexcept { return up == skip.up && down == skip.down; }

/// A store whose SQL is in one dialect: `static constexpr migrate::dialect sql_dialect = ...;`.
template <class Store>
concept dialect_store = requires {
  { Store::sql_dialect } -> std::convertible_to<dialect>;
};

}  // namespace migrate
