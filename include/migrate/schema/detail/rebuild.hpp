// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Alembic's "batch" mode at compile time: an operation a dialect cannot ALTER (SQLite: a column's type, nullability or
// default; adding or dropping a foreign key or CHECK) is rendered as a copy of the table into a new one, written from
// the schema the chain has built up to that operation.

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include <migrate/schema/model.hpp>
#include <migrate/schema/render.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema::detail {

/// The name a rebuilt table has until the old one is gone.
inline constexpr std::string_view rebuild_prefix = "_migrate_rebuild_";

/// The statements that add the table's other indexes and constraints.
template <dialect D, class Keys>
constexpr void table_keys_sql(sql_writer& w, Keys for_each_key) {
  for_each_key([&](const operation& key) {
    if (!dialect_renderer<D>::rebuilds(key)) operation_sql<D>(w, key);
  });
}

/// The copy-and-move of table `t` (as the model now has it) that stands for an operation D cannot ALTER, inside the
/// step's transaction: the new table is created, filled, swapped in, and its indexes recreated; the rows keep their
/// ids (and AUTOINCREMENT its counter). A table with triggers is refused, not rebuilt: dropping the old table would
/// drop them. (The SQLite store suspends foreign key enforcement around such a step and checks every key before it
/// commits, so that rows of other tables referencing this one are neither deleted nor refused.)
template <dialect D, model_size Size>
constexpr void rebuild_sql(sql_writer& w, const schema_model<Size>& model, const table_state& t) {
  std::array<column_def, Size.columns> columns{};
  std::size_t count = 0;
  bool counter = false;
  model.for_each_column(t, [&](const column_def& c) {
    columns[count++] = c;
    counter = counter || c.type.family == type_family::auto_id;
  });
  auto keys = [&](auto f) { model.for_each_key(t, f); };
  auto column_names = [&] {
    for (std::size_t i = 0; i < count; ++i) w << (i ? ", " : "") << columns[i].name;
  };
  w << "-- " << t.name << ": rebuilt (copied into a new table), as SQLite cannot ALTER this\n";
  w << "CREATE TEMP TABLE _migrate_rebuild_guard (triggers INTEGER CONSTRAINT \"" << t.name
    << " has triggers, which rebuilding the table would drop: give this migration its own .sqlite SQL\" "
       "CHECK (triggers = 0));\n";
  w << "INSERT INTO _migrate_rebuild_guard SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '"
    << t.name << "';\n";
  w << "DROP TABLE _migrate_rebuild_guard;\n";
  create_table_sql<D>(w, rebuild_prefix, t.name, std::span<const column_def>(columns.data(), count), keys);
  w << "INSERT INTO " << rebuild_prefix << t.name << " (";
  column_names();
  w << ") SELECT ";
  column_names();
  w << " FROM " << t.name << ";\n";
  if (counter)
    w << "UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = '" << t.name
      << "') WHERE name = '" << rebuild_prefix << t.name << "' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '"
      << t.name << "');\n";
  w << "DROP TABLE " << t.name << ";\n";
  w << "ALTER TABLE " << rebuild_prefix << t.name << " RENAME TO " << t.name << ";\n";
  table_keys_sql<D>(w, keys);
}

/// Whether an operation could be rendered: false with the table when the model does not know that table exactly.
struct rebuild_check {
  bool possible = true;
  std::size_t op = 0;  // its position in the migration's operations
  std::string_view table{};
  bool rebuilt = false;  // some table was rebuilt
};

// Operations [k, end) against the model, in order: each as D writes it, or, where D rebuilds the table, one rebuild
// for the run of consecutive operations on that table that all need it (as Alembic's batch groups them).
template <dialect D, model_size Size, class Op>
constexpr rebuild_check render_against(sql_writer& w, schema_model<Size>& model, std::size_t count, Op op_at) {
  using sql = dialect_renderer<D>;
  auto known = [&](const operation& op) {
    const table_state* t = model.table(op.table);
    return t && t->exists && model.certain(*t);
  };
  // A drop_column the dialect would rebuild is rebuilt only for a column in a key, index or constraint (what SQLite
  // refuses to drop in place); on a table the model does not know exactly, the plain DROP COLUMN is the best guess
  // and the database says if it refuses.
  auto rebuilds = [&](const operation& op) {
    if (!sql::rebuilds(op)) return false;
    if (op.kind != op_kind::drop_column) return true;
    return known(op) && model.column_keyed(*model.table(op.table), op.name);
  };
  bool rebuilt = false;
  for (std::size_t k = 0; k < count;) {
    const operation& op = op_at(k);
    if (!rebuilds(op)) {
      operation_sql<D>(w, op);
      model.apply_operation(op);
      ++k;
      continue;
    }
    // A table an opaque migration may have changed cannot be written out from the model.
    if (!known(op)) return {false, k, op.table};
    const table_state* t = model.table(op.table);
    do model.apply_operation(op_at(k++));
    while (k < count && op_at(k).table == op.table && rebuilds(op_at(k)));
    rebuild_sql<D>(w, model, *t);
    rebuilt = true;
  }
  return {.rebuilt = rebuilt};
}

/// Renders `ops` (upgrade) or their inverses in reverse order (downgrade) in dialect D, starting from `model` (the
/// schema before the migration); the first operation whose table it could not rebuild, if any.
template <dialect D, model_size Size, std::size_t K>
constexpr rebuild_check render_with_model(sql_writer& w, schema_model<Size>& model, const operation (&ops)[K],
                                          bool upgrade) {
  // The migration is a step of its own: a table its operations create is known exactly, even after an opaque one.
  model.begin_step();
  if (upgrade) return render_against<D>(w, model, K, [&](std::size_t k) -> const operation& { return ops[k]; });
  for (const auto& op : ops) model.apply_operation(op);
  // The model keeps pointers to the operations that made its keys, so the inverses live until it is done.
  std::array<operation, K> inverses{};
  for (std::size_t k = 0; k < K; ++k) inverses[k] = inverse(ops[K - 1 - k]);
  auto r = render_against<D>(w, model, K, [&](std::size_t k) -> const operation& { return inverses[k]; });
  if (!r.possible) r.op = K - 1 - r.op;
  return r;
}

}  // namespace migrate::schema::detail
