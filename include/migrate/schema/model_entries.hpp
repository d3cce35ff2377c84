// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// What the schema model (`schema/model.hpp`) reads and holds: a migration as a step, the problem a step can meet
/// and where, the entries of its tables, columns and keys, and the room a fold needs.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <migrate/core/checksum.hpp>
#include <migrate/core/dialect.hpp>
#include <migrate/schema/detail/view.hpp>
#include <migrate/schema/operations.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema {

/// What a typed operation found wrong with the schema before it.
enum class schema_problem : std::uint8_t {
  none,
  table_exists,        ///< create_table / rename_table to a table that exists
  missing_table,       ///< the operation's table does not exist at that point
  column_exists,       ///< add_column / rename_column to a column the table has (or a column listed twice)
  missing_column,      ///< drop/rename/alter column, or an index or constraint key, that the table does not have
  missing_ref_table,   ///< a foreign key to a table that does not exist
  missing_ref_column,  ///< a foreign key to a column its table does not have
  index_exists,        ///< create_index with a name already used
  missing_index,       ///< drop_index of an index that does not exist
  constraint_exists,   ///< add_* constraint with a name the table already uses
  missing_constraint,  ///< drop_constraint of a constraint the table does not have
  dropped_keyed_column,  ///< drop_column of a column an index or constraint uses, with a derived downgrade
  definition_differs,    ///< a derived downgrade would restore something else than what the chain built
};

// The fold's entries have no default member initialisers (zero is each field's default): GCC evaluates a class's
// initialisers wherever one is built from a designated list or value-initialised, as the fold's arrays are
// (0.26 M instructions a typed migration; docs/compile-time.md, "Default member initialisers").

/// A migration as the model sees it: its typed operations, or opaque (raw SQL / C++) with the tables it touches.
struct model_step {
  detail::view<operation> ops;             ///< typed operations (empty for an opaque migration)
  operations_summary summary;              ///< what the fold needs of them (zero for an opaque migration)
  bool opaque;                             ///< raw SQL or C++ code: the model cannot know what it did
  detail::view<std::string_view> touches;  ///< an opaque migration's declared tables (`.touches`)
  bool touches_declared;                   ///< false: it may have changed any table
  bool derives_down;                       ///< a typed migration whose downgrade is derived from its operations
  /// Dialects where it runs nothing (`migrate::skip`, or not in `.only`): their model skips it.
  dialect_set left_out;

  /// True when the model of dialect index `in` (`dialect_count`: every dialect's common model) applies this step.
  constexpr bool applies_in(std::size_t in) const noexcept {
    return in >= dialect_count || !left_out.contains(all_dialects[in]);
  }
};

/// The first problem found, where: the step (its index in the fold), operation, table and name.
struct model_finding {
  schema_problem problem;
  std::size_t step;
  std::size_t op;
  std::string_view table;
  std::string_view name;
};

/// One table of the model.
struct table_state {
  std::string_view name;
  bool exists;
  bool touched;              // an opaque migration declared it
  std::size_t epoch;         // fold position of its creation or drop
  std::size_t first_column;  // column list (npos-terminated), in the order columns were added
  std::size_t last_column;
};
/// One column of the model: the definition an operation gave it, until the chain changes it (a rename, an
/// alter_column, a reference to a renamed table or column); then a copy of its own in the model.
// A pointer rather than a copy: the fold's state is copied from chunk to chunk, and a copy of every column's
// definition was most of it.
struct column_state {
  std::size_t table;
  std::string_view name;  // its name now (the fold's lookups compare it)
  const column_def* def;  // in the operations (static, or alive as long as the model is used)
  std::size_t changed;    // 0: *def; else the model's changed definition changed - 1
  bool exists;
  std::size_t next;
};
/// One index or constraint of the model: the operation that made it, until a rename changes the names it lists;
/// then a copy of those names in the model (as for columns: the fold's state, copied from chunk to chunk, then holds
/// no name lists).
struct key_state {
  std::string_view name;
  std::size_t table;
  op_kind kind;          // create_index, add_foreign_key, add_unique, add_check
  const operation* def;  // in the operations (static, or alive as long as the model is used)
  std::size_t renamed;   // 0: def's names; else the model's renamed names renamed - 1
  bool exists;
};
/// The table and column names an index or constraint lists, as renames left them.
struct key_names {
  name_list keys{};
  std::string_view ref_table{};
  name_list ref_keys{};
};

/// How many tables, columns and keys a fold can meet (the registry counts them from its operations).
struct model_size {
  std::size_t tables = 1;
  std::size_t columns = 1;
  std::size_t keys = 1;
  constexpr model_size& operator+=(const model_size& o) noexcept {
    tables += o.tables;
    columns += o.columns;
    keys += o.keys;
    return *this;
  }
};

/// The room the operations `ops` need in a fold: their tables, columns (a create_table's included) and keys.
constexpr model_size size_of(detail::view<operation> ops) noexcept {
  const operations_summary s = summarize(ops.data(), ops.size());
  return {s.tables, s.columns, s.keys};
}

namespace detail {
inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

// The model's names hash as revision ids do; a column's or a key's table is mixed in by the model, after hashing.
constexpr std::uint64_t name_hash(std::string_view text) noexcept { return ::migrate::detail::fnv1a(text); }
// `==` on names, without std::string_view's calls per character (docs/compile-time.md, "Calls GCC keeps").
constexpr bool equal_text(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  for (std::size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return false;
  return true;
}
constexpr std::size_t power_of_two_above(std::size_t n) noexcept {
  std::size_t p = 16;
  while (p < 2 * n) p *= 2;
  return p;
}
}  // namespace detail

}  // namespace migrate::schema
