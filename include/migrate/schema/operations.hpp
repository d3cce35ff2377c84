// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Typed schema operations (Alembic's `op`): what a `MIGRATE_SCHEMA_MIGRATION` lists, rendered per dialect.

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <type_traits>

#include <migrate/core/detail/zero_fields.hpp>
#include <migrate/schema/types.hpp>

MIGRATE_DETAIL_ZERO_FIELDS_BEGIN

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema {

/// What an operation does.
enum class op_kind : std::uint8_t {
  create_table, drop_table, rename_table,
  add_column, drop_column, rename_column, alter_column,
  create_index, drop_index,
  add_foreign_key, add_unique, add_check, drop_constraint,
  execute,
};

/// The operation's name as written in a migration (`create_table`), for messages.
constexpr std::string_view to_string(op_kind k) noexcept {
  constexpr std::string_view names[] = {"create_table",    "drop_table",      "rename_table", "add_column",
                                        "drop_column",     "rename_column",   "alter_column", "create_index",
                                        "drop_index",      "add_foreign_key", "add_unique",   "add_check",
                                        "drop_constraint", "execute"};
  return names[static_cast<std::uint8_t>(k)];
}

/// Most columns an index or constraint may list.
inline constexpr std::size_t max_key_columns = 8;

/// Column names of an index or constraint: `"email"` or `{"user_id", "taken_at"}`.
// A built-in array: std::array's element access is a call for a constant evaluation.
struct name_list {
  std::string_view names[max_key_columns]{};
  std::size_t count = 0;

  constexpr name_list() = default;
  template <std::size_t N>
  constexpr name_list(const char (&one)[N]) : names{std::string_view(one, N - 1)}, count(1) {}
  constexpr name_list(std::initializer_list<std::string_view> list) {
    if (list.size() > max_key_columns) throw "migrate::schema: an index or constraint lists at most 8 columns";
    for (auto n : list) names[count++] = n;
  }
  constexpr const std::string_view* begin() const { return names; }
  constexpr const std::string_view* end() const { return names + count; }
  constexpr std::size_t size() const { return count; }
  constexpr bool empty() const { return count == 0; }
  friend constexpr bool operator==(const name_list& a, const name_list& b) {
    if (a.count != b.count) return false;
    for (std::size_t i = 0; i < a.count; ++i)
      if (a.names[i] != b.names[i]) return false;
    return true;
  }
};

/// What alter_column changes, and what the column was where the migration says so.
struct column_change {
  bool sets_type = false;
  column_type type{};
  bool knows_old_type = false;
  column_type old_type{};
  bool sets_nullable = false;
  bool nullable = true;
  bool sets_default = false;
  std::string_view default_sql{};  ///< empty: DROP DEFAULT
  bool knows_old_default = false;
  std::string_view old_default_sql{};
};

/// The column an operation that names none reads as its own (`operation::column()`).
inline constexpr column_def no_column{};

/// One schema operation, built by the functions of `operation_vocabulary` (`create_table`, `add_column`, ...).
// Only what most operations say is a member: the column definitions an operation carries (create_table's, add_column's
// and drop_column's column, alter_column's new and old definition) lie in the pack's pool, because every member costs
// a constant evaluation at each operation built (the inline column and change were 2 M instructions a migration).
// No default member initialisers, and a zero in each field means "not said": GCC evaluates a class's initialisers at
// every operation built (0.8 M instructions a migration for these; docs/compile-time.md, "Default member
// initialisers"). The builders name what they set and leave the rest zero.
struct operation {
  op_kind kind;                    ///< what it does (set by every builder)
  std::string_view table;          ///< the table it works on
  std::string_view name;           ///< column, index or constraint name
  std::string_view new_name;       ///< rename target
  /// create_table's columns (drop_table's, when it says them); add_column's and drop_column's column; alter_column's
  /// new definition and the old one.
  std::span<const column_def> columns;
  std::uint16_t column_offset;     // where `columns` start in the migration's column pool
  std::uint16_t column_count;
  bool has_definition;             ///< a drop_* says what it drops, so the downgrade can recreate it
  name_list keys;                  ///< index / constraint columns
  std::string_view ref_table;      ///< foreign key target table and columns
  name_list ref_keys;
  std::string_view delete_action;  ///< foreign key ON DELETE
  bool is_unique;                  ///< unique index
  bool is_concurrent;              ///< CREATE/DROP INDEX CONCURRENTLY on PostgreSQL
  op_kind dropped_kind;            ///< drop_constraint / drop_index with a definition: what it drops
  std::string_view sql;            ///< execute: upgrade SQL; add_check: the expression
  std::string_view down_sql;       ///< execute: downgrade SQL
  bool sets_type;                  ///< alter_column: what it sets, and what it says was there
  bool knows_old_type;
  bool sets_nullable;
  bool nullable_to;                ///< alter_column: NULL allowed after it (read only when sets_nullable)
  bool sets_default;
  bool knows_old_default;
  bool inverted;                   ///< alter_column: the inverse of what `columns` say (a derived downgrade)

  /// add_column's column; drop_column's when it says it (otherwise `no_column`).
  constexpr const column_def& column() const noexcept { return columns.empty() ? no_column : columns[0]; }
  /// What alter_column changes.
  constexpr column_change change() const noexcept {
    const column_def& to = columns.size() < 2 ? no_column : columns[inverted ? 1 : 0];
    const column_def& was = columns.size() < 2 ? no_column : columns[inverted ? 0 : 1];
    return {.sets_type = sets_type, .type = to.type, .knows_old_type = knows_old_type, .old_type = was.type,
            .sets_nullable = sets_nullable, .nullable = nullable_to != inverted, .sets_default = sets_default,
            .default_sql = to.default_sql, .knows_old_default = knows_old_default, .old_default_sql = was.default_sql};
  }

  /// True when the operation can be undone from what it says (the downgrade is then derived).
  constexpr bool reversible() const noexcept {
    switch (kind) {
      case op_kind::create_table: case op_kind::rename_table: case op_kind::add_column:
      case op_kind::rename_column: case op_kind::create_index: case op_kind::add_foreign_key:
      case op_kind::add_unique: case op_kind::add_check: return true;
      case op_kind::drop_table: case op_kind::drop_column: case op_kind::drop_index:
      case op_kind::drop_constraint: return has_definition;
      case op_kind::alter_column:
        return (!sets_type || knows_old_type) && (!sets_default || knows_old_default);
      case op_kind::execute: return !down_sql.empty();
    }
    return false;
  }

  /// UNIQUE index.
  constexpr operation unique() const noexcept { auto copy = *this; copy.is_unique = true; return copy; }
  /// CONCURRENTLY on PostgreSQL (the migration then runs outside a transaction; it must be its only operation).
  constexpr operation concurrently() const noexcept { auto copy = *this; copy.is_concurrent = true; return copy; }
  /// Foreign key ON DELETE action: "CASCADE", "SET NULL", "RESTRICT".
  constexpr operation on_delete(std::string_view action) const noexcept { auto copy = *this; copy.delete_action = action; return copy; }

};

/// What the schema fold needs of a migration's operations before it applies them, counted once, as `operations(...)`
/// builds them: the fold's room, plan and rules each made a pass of their own over every migration's operations
/// (0.8 M instructions a migration; docs/compile-time.md, "One count per migration").
struct operations_summary {
  std::size_t count;               ///< operations
  std::size_t tables;              ///< room in the fold: tables, columns (a create_table's included) and keys
  std::size_t columns;
  std::size_t keys;
  std::size_t work;                ///< what applying them costs an evaluation (see detail::fold_chunk_work)
  std::size_t first_irreversible;  ///< the first without an inverse, or `count`
  bool concurrent;                 ///< some operation is CONCURRENTLY
};

/// The summary of the `n` operations at `ops`.
constexpr operations_summary summarize(const operation* ops, std::size_t n) noexcept {
  // Through a pointer: a span's operator[] is a call for a constant evaluation, and GCC keeps every call whose
  // arguments are constants, as anything in a migration's `ops` is (docs/compile-time.md, "Calls GCC keeps").
  operations_summary s{.count = n, .first_irreversible = n};
  for (std::size_t k = 0; k < n; ++k) {
    const operation& op = ops[k];
    switch (op.kind) {
      case op_kind::create_table: ++s.tables; s.columns += op.column_count; break;
      case op_kind::rename_table: s.tables += 2; break;
      case op_kind::add_column: case op_kind::rename_column: ++s.columns; break;
      case op_kind::create_index: case op_kind::add_foreign_key: case op_kind::add_unique: case op_kind::add_check:
        ++s.keys; break;
      default: break;
    }
    // An operation counts 1, a create_table also its columns and the pairs of them it compares for duplicates.
    const std::size_t c = op.column_count;
    s.work += 1 + c + c * (c - 1) / 2;  // c = 0: 0 * (c - 1) is 0, wrapped or not
    if (s.first_irreversible == n && !op.reversible()) s.first_irreversible = k;
    s.concurrent = s.concurrent || op.is_concurrent;
  }
  return s;
}

/// An operation with the column definitions it carries inline (create_table, add_column, ...), until `operations(...)`
/// puts them in its pool.
template <std::size_t N>
struct table_operation {
  operation op{};
  std::array<column_def, N> columns{};
};

/// alter_column(...): follow with `.type(...)`, `.nullable(...)`, `.default_(...)`; columns[0] holds the new type and
/// default, columns[1] the old ones where the migration says them.
struct alter_operation : table_operation<2> {
  /// The new type, irreversible unless `was` gives the old one.
  constexpr alter_operation type(column_type to) const noexcept {
    auto copy = *this;
    copy.op.sets_type = true;
    copy.columns[0].type = to;
    return copy;
  }
  constexpr alter_operation type(column_type to, column_type was) const noexcept {
    auto copy = type(to);
    copy.op.knows_old_type = true;
    copy.columns[1].type = was;
    return copy;
  }
  /// NOT NULL (false) or NULL allowed (true); the downgrade flips it.
  constexpr alter_operation nullable(bool allowed) const noexcept {
    auto copy = *this;
    copy.op.sets_nullable = true;
    copy.op.nullable_to = allowed;
    return copy;
  }
  /// The new default ("" drops it), irreversible unless `was` gives the old one.
  constexpr alter_operation default_(std::string_view sql_expression) const noexcept {
    auto copy = *this;
    copy.op.sets_default = true;
    copy.columns[0].default_sql = sql_expression;
    return copy;
  }
  constexpr alter_operation default_(std::string_view sql_expression, std::string_view was) const noexcept {
    auto copy = default_(sql_expression);
    copy.op.knows_old_default = true;
    copy.columns[1].default_sql = was;
    return copy;
  }
};

namespace detail {
template <class T>
inline constexpr std::size_t columns_in = 0;
template <std::size_t N>
inline constexpr std::size_t columns_in<table_operation<N>> = N;
template <>
inline constexpr std::size_t columns_in<alter_operation> = 2;

// The operation a builder returned: itself, or a table operation's without its columns.
constexpr const operation& head_of(const operation& op) noexcept { return op; }
template <std::size_t N>
constexpr const operation& head_of(const table_operation<N>& t) noexcept { return t.op; }
// Puts an operation's columns in the pool, where `slot` (its operation) finds them.
constexpr void append_columns(operation&, column_def*, std::size_t&, const operation&) {}
template <std::size_t N>
constexpr void append_columns(operation& slot, column_def* to, std::size_t& used,
                              const table_operation<N>& t) {
  slot.column_offset = static_cast<std::uint16_t>(used);
  slot.column_count = static_cast<std::uint16_t>(N);
  const column_def* from = t.columns.data();
  for (std::size_t i = 0; i < N; ++i) to[used++] = from[i];
}
}  // namespace detail

/// The operations of one migration with the columns they define, as `operations(...)` builds them.
template <std::size_t K, std::size_t C>
struct operation_pack {
  // Built-in arrays: std::array's element access is a call for a constant evaluation.
  operation ops[K]{};
  column_def pool[C == 0 ? 1 : C]{};  // the columns the operations carry, which their spans view
  operations_summary summary{};        ///< what the schema fold needs of them

  // The spans view the pack's own pool, so a copy views its own.
  constexpr operation_pack(const operation_pack& other) { *this = other; }
  constexpr operation_pack& operator=(const operation_pack& other) {
    for (std::size_t k = 0; k < K; ++k) ops[k] = other.ops[k];
    for (std::size_t i = 0; i < C; ++i) pool[i] = other.pool[i];
    summary = other.summary;
    point_into_pool();
    return *this;
  }

 protected:
  // The operations are copied in as they are initialised: building them empty first and assigning costs a constant
  // evaluation a second pass over every field.
  template <class... Ops>
  constexpr explicit operation_pack(const Ops&... in) : ops{detail::head_of(in)...} {
    std::size_t k = 0, used = 0;
    (detail::append_columns(ops[k++], pool, used, in), ...);
    point_into_pool();
    summary = summarize(ops, K);
  }

 private:
  constexpr void point_into_pool() {
    operation* op = ops;
    for (std::size_t k = 0; k < K; ++k)
      if (op[k].column_count != 0)
        op[k].columns = std::span<const column_def>(pool + op[k].column_offset, op[k].column_count);
  }
};

/// The functions a typed migration's body calls unqualified: `create_table`, `add_column`, ... and the types.
struct operation_vocabulary : type_vocabulary {
  /// The migration's operations, in the order they run on upgrade: `static constexpr auto ops = operations(...);`.
  // A class (deduced from its arguments) rather than a function: the pack is then built in place, in the migration's
  // static `ops`, so its spans can view its own pool; GCC rejects a constant whose pointers point into itself when a
  // function returned it. No second, resolved copy of the operations is needed.
  template <class... Ops>
  struct operations : operation_pack<sizeof...(Ops), (detail::columns_in<Ops> + ... + 0)> {
    constexpr operations(const Ops&... ops)
        : operation_pack<sizeof...(Ops), (detail::columns_in<Ops> + ... + 0)>(ops...) {}
  };
  /// CREATE TABLE name (columns...).
  template <class... Columns>
  static constexpr table_operation<sizeof...(Columns)> create_table(std::string_view name, const Columns&... cols) {
    static_assert((std::is_same_v<Columns, column_def> && ...),
                  "migrate::schema::create_table: list the columns as column(\"name\", type)...");
    return {{.kind = op_kind::create_table, .table = name}, {cols...}};
  }
  /// DROP TABLE name: irreversible unless its columns are given (`drop_table("t", column(...), ...)`).
  template <class... Columns>
  static constexpr table_operation<sizeof...(Columns)> drop_table(std::string_view name, const Columns&... cols) {
    return {{.kind = op_kind::drop_table, .table = name, .has_definition = sizeof...(Columns) > 0}, {cols...}};
  }
  /// ALTER TABLE from RENAME TO to.
  static constexpr operation rename_table(std::string_view from, std::string_view to) {
    return {.kind = op_kind::rename_table, .table = from, .new_name = to};
  }
  /// ALTER TABLE table ADD COLUMN column.
  static constexpr table_operation<1> add_column(std::string_view table, const column_def& col) {
    return {{.kind = op_kind::add_column, .table = table, .name = col.name}, {col}};
  }
  /// ALTER TABLE table DROP COLUMN name: irreversible (give the column's definition instead to make it reversible).
  static constexpr operation drop_column(std::string_view table, std::string_view name) {
    return {.kind = op_kind::drop_column, .table = table, .name = name};
  }
  /// ALTER TABLE table DROP COLUMN col.name; the downgrade adds `col` back.
  static constexpr table_operation<1> drop_column(std::string_view table, const column_def& col) {
    return {{.kind = op_kind::drop_column, .table = table, .name = col.name, .has_definition = true}, {col}};
  }
  /// ALTER TABLE table RENAME COLUMN from TO to.
  static constexpr operation rename_column(std::string_view table, std::string_view from, std::string_view to) {
    return {.kind = op_kind::rename_column, .table = table, .name = from, .new_name = to};
  }
  /// ALTER TABLE table ALTER COLUMN name ...: follow with `.type(...)`, `.nullable(...)`, `.default_(...)`.
  static constexpr alter_operation alter_column(std::string_view table, std::string_view name) {
    return {{{.kind = op_kind::alter_column, .table = table, .name = name}, {}}};
  }
  /// CREATE INDEX name ON table (keys); `.unique()`, `.concurrently()`.
  static constexpr operation create_index(std::string_view name, std::string_view table, name_list keys) {
    return {.kind = op_kind::create_index, .table = table, .name = name, .keys = keys};
  }
  /// DROP INDEX name: irreversible (pass the create_index it drops to make it reversible).
  static constexpr operation drop_index(std::string_view name, std::string_view table) {
    return {.kind = op_kind::drop_index, .table = table, .name = name};
  }
  /// DROP INDEX of what `created` (a create_index) made; the downgrade recreates it.
  static constexpr operation drop_index(const operation& created) {
    operation o = created;
    o.kind = op_kind::drop_index;
    o.has_definition = true;
    return o;
  }
  /// ALTER TABLE table ADD CONSTRAINT name FOREIGN KEY (keys) REFERENCES ref_table (ref_keys); `.on_delete(...)`.
  static constexpr operation add_foreign_key(std::string_view name, std::string_view table, name_list keys,
                                             std::string_view ref_table, name_list ref_keys = "id") {
    return {.kind = op_kind::add_foreign_key, .table = table, .name = name, .keys = keys, .ref_table = ref_table,
            .ref_keys = ref_keys};
  }
  /// ALTER TABLE table ADD CONSTRAINT name UNIQUE (keys).
  static constexpr operation add_unique(std::string_view name, std::string_view table, name_list keys) {
    return {.kind = op_kind::add_unique, .table = table, .name = name, .keys = keys};
  }
  /// ALTER TABLE table ADD CONSTRAINT name CHECK (expression).
  static constexpr operation add_check(std::string_view name, std::string_view table, std::string_view expression) {
    return {.kind = op_kind::add_check, .table = table, .name = name, .sql = expression};
  }
  /// ALTER TABLE table DROP CONSTRAINT name: irreversible (pass the add_* it drops to make it reversible).
  static constexpr operation drop_constraint(std::string_view name, std::string_view table) {
    return {.kind = op_kind::drop_constraint, .table = table, .name = name};
  }
  /// Drops the constraint `added` (an add_foreign_key / add_unique / add_check) made; the downgrade re-adds it.
  static constexpr operation drop_constraint(const operation& added) {
    operation o = added;
    o.dropped_kind = added.kind;
    o.kind = op_kind::drop_constraint;
    o.has_definition = true;
    return o;
  }
  /// Raw SQL between typed operations (portable text); irreversible unless `down` is given. Opaque to the model.
  static constexpr operation execute(std::string_view up, std::string_view down = {}) {
    return {.kind = op_kind::execute, .sql = up, .down_sql = down};
  }
};

}  // namespace migrate::schema

MIGRATE_DETAIL_ZERO_FIELDS_END
