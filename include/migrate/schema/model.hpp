// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// The schema a chain of typed migrations builds: folded at compile time to prove every operation meets what
/// exists, and at run time for `verify --schema` and `schema` export. Same code both times.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <migrate/core/detail/zero_fields.hpp>
#include <migrate/schema/model_entries.hpp>
#include <migrate/schema/operations.hpp>

MIGRATE_DETAIL_ZERO_FIELDS_BEGIN

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema {

/// The fold: `Size` bounds the tables, columns and keys it can hold (the registry counts them from its operations).
template <model_size Size>
class schema_model {
 public:
  // Built-in arrays: an element access is then no function call, which a constant evaluation pays for.
  table_state tables[Size.tables]{};
  column_state columns[Size.columns]{};
  key_state keys[Size.keys]{};
  std::size_t table_count = 0, column_count = 0, key_count = 0;
  /// Fold position of the last opaque migration that declared no tables (npos: none yet).
  std::size_t barrier = detail::npos;

  /// True when the model knows the table exactly (no opaque migration may have changed it since).
  constexpr bool certain(const table_state& t) const noexcept {
    return !t.touched && (barrier == detail::npos || t.epoch > barrier);
  }
  /// True when no opaque migration may have changed anything.
  constexpr bool closed() const noexcept { return barrier == detail::npos; }
  /// The table named `name` (existing or dropped), or nullptr.
  constexpr const table_state* table(std::string_view name) const noexcept {
    auto i = find_table(name);
    return i == detail::npos ? nullptr : &tables[i];
  }
  /// The definition column `c` has now.
  constexpr const column_def& column_def_of(std::size_t c) const noexcept {
    return columns[c].changed == 0 ? *columns[c].def : changed_defs_[columns[c].changed - 1];
  }
  /// The columns key `k` lists now.
  constexpr const name_list& key_columns(std::size_t k) const noexcept {
    return keys[k].renamed == 0 ? keys[k].def->keys : renamed_keys_[keys[k].renamed - 1].keys;
  }
  /// The table a foreign key `k` references now (empty for another key).
  constexpr std::string_view key_ref_table(std::size_t k) const noexcept {
    return keys[k].renamed == 0 ? keys[k].def->ref_table : renamed_keys_[keys[k].renamed - 1].ref_table;
  }
  /// The columns a foreign key `k` references now.
  constexpr const name_list& key_ref_columns(std::size_t k) const noexcept {
    return keys[k].renamed == 0 ? keys[k].def->ref_keys : renamed_keys_[keys[k].renamed - 1].ref_keys;
  }
  /// The operation that would create key `k` now (renames applied).
  constexpr operation key_operation(std::size_t k) const noexcept {
    operation op = *keys[k].def;
    op.keys = key_columns(k);
    op.ref_table = key_ref_table(k);
    op.ref_keys = key_ref_columns(k);
    return op;
  }
  /// The live columns of table `t`, in order.
  template <class F>
  constexpr void for_each_column(const table_state& t, F f) const {
    for (auto c = t.first_column; c != detail::npos; c = columns[c].next)
      if (columns[c].exists) f(column_def_of(c));
  }

  /// The existing indexes and constraints of table `t`, each as the operation that would create it now.
  template <class F>
  constexpr void for_each_key(const table_state& t, F f) const {
    const auto index = static_cast<std::size_t>(&t - tables);
    for (std::size_t k = 0; k < key_count; ++k)
      if (keys[k].exists && keys[k].table == index) {
        operation op = key_operation(k);
        op.table = t.name;
        f(op);
      }
  }
  /// True when column `name` of table `t` is part of a key, index or constraint (its own or one of the table's).
  constexpr bool column_keyed(const table_state& t, std::string_view name) const {
    const auto index = static_cast<std::size_t>(&t - tables);
    const auto c = find_column(index, name);
    if (c != detail::npos && columns[c].exists) {
      const auto& def = column_def_of(c);
      if (def.primary_key || def.is_unique || !def.references_.table.empty()) return true;
    }
    for (std::size_t k = 0; k < key_count; ++k)
      if (keys[k].exists && keys[k].table == index && key_lists(k, name)) return true;
    return false;
  }
  /// Starts a step whose operations `apply_operation` then applies one at a time: what they create is newer than
  /// any opaque migration before (as `apply` counts a step).
  constexpr void begin_step() noexcept { ++epoch_; }
  /// Applies one operation outside any step (renderers that need the schema as it is at that operation).
  constexpr model_finding apply_operation(const operation& op) { return finding(apply_op(op), 0, 0); }

  /// Applies step `step` (its position in the fold); returns the first problem it meets.
  constexpr model_finding apply(const model_step& s, std::size_t step) {
    ++epoch_;
    if (s.opaque) {
      if (!s.touches_declared) barrier = epoch_;
      for (auto name : s.touches) {
        const std::size_t slot = table_slot(name);
        std::size_t t = table_slots_[slot] - 1;
        if (t == detail::npos) t = add_table(slot, name);
        tables[t].touched = true;
        tables[t].exists = true;
      }
      return {};
    }
    const operation* ops = s.ops.data();
    for (std::size_t k = 0, n = s.ops.size(); k < n; ++k)
      if (const auto p = apply_op(ops[k], s.derives_down); p != schema_problem::none) return finding(p, step, k);
    return {};
  }

 private:
  // Hash slots hold an entry's index + 1, so that an empty slot is 0: the arrays start zero-initialised, which the
  // compilers keep compactly until written (filled with npos, every copy of a fold state carried all their slots).
  template <std::size_t N>
  using slot_array = std::size_t[detail::power_of_two_above(N)];
  slot_array<Size.tables> table_slots_{};
  slot_array<Size.columns> column_slots_{};
  slot_array<Size.keys> key_slots_{};
  std::size_t epoch_ = 0;
  // The definitions the chain changed: at most one per column entry.
  column_def changed_defs_[Size.columns]{};
  std::size_t changed_count_ = 0;
  // The names of the keys a rename changed: at most one copy per key entry.
  key_names renamed_keys_[Size.keys]{};
  std::size_t renamed_count_ = 0;
  // What the last problem a check found names: a struct returned by every check would cost a constant evaluation
  // far more than the enum they return (docs/compile-time.md, "Calls GCC keeps").
  std::string_view found_table_{}, found_name_{};

  // Column c's definition, to change: a copy of its own from the first change on.
  constexpr column_def& changing(std::size_t c) {
    if (columns[c].changed == 0) {
      changed_defs_[changed_count_] = *columns[c].def;
      columns[c].changed = ++changed_count_;
    }
    return changed_defs_[columns[c].changed - 1];
  }

  // Key k's names, to change: a copy of its own from the first change on.
  constexpr key_names& renaming(std::size_t k) {
    if (keys[k].renamed == 0) {
      renamed_keys_[renamed_count_] = {key_columns(k), key_ref_table(k), key_ref_columns(k)};
      keys[k].renamed = ++renamed_count_;
    }
    return renamed_keys_[keys[k].renamed - 1];
  }

  // Open addressing, written out: entries are never removed (a dropped table keeps its slot, marked not existing).
  // A probe is a loop in the function that needs it and the slot it finds is the one an insert uses: a call, or a
  // lambda per probe, cost a constant evaluation more than the probe (docs/compile-time.md, "The fold's lookups").
  static constexpr std::size_t table_mask = detail::power_of_two_above(Size.tables) - 1;
  static constexpr std::size_t column_mask = detail::power_of_two_above(Size.columns) - 1;
  static constexpr std::size_t key_mask = detail::power_of_two_above(Size.keys) - 1;
  // A column's or a key's owner (its table) is mixed into its name's hash after hashing (times `owner_mix`): the
  // name's own hash is then one call per text, which GCC keeps, however many tables have a column of that name.
  static constexpr std::uint64_t owner_mix = 0x9e3779b97f4a7c15ULL;

  // The slot of table `name`, or the empty slot where it would go.
  constexpr std::size_t table_slot(std::string_view name) const {
    std::size_t i = detail::name_hash(name) & table_mask;
    for (std::size_t e = table_slots_[i]; e != 0 && !detail::equal_text(tables[e - 1].name, name); e = table_slots_[i])
      i = (i + 1) & table_mask;
    return i;
  }
  constexpr std::size_t find_table(std::string_view name) const { return table_slots_[table_slot(name)] - 1; }
  // Creates table `name` in `slot` (table_slot's), or makes its dropped entry exist again, empty.
  constexpr std::size_t add_table(std::size_t slot, std::string_view name) {
    std::size_t t = table_slots_[slot] - 1;
    if (t == detail::npos) {
      t = table_count++;
      table_slots_[slot] = t + 1;
      tables[t] = {.name = name, .exists = true, .epoch = epoch_, .first_column = detail::npos,
                   .last_column = detail::npos};
      return t;
    }
    drop_table_entry(t);
    tables[t].exists = true;
    tables[t].touched = false;
    tables[t].epoch = epoch_;
    return t;
  }
  // The slot of column `name` of table `table`, or the empty slot where it would go.
  constexpr std::size_t column_slot(std::size_t table, std::string_view name) const {
    std::size_t i = (detail::name_hash(name) + table * owner_mix) & column_mask;
    for (std::size_t e = column_slots_[i]; e != 0; e = column_slots_[i]) {
      if (columns[e - 1].table == table && detail::equal_text(columns[e - 1].name, name)) break;
      i = (i + 1) & column_mask;
    }
    return i;
  }
  constexpr std::size_t find_column(std::size_t table, std::string_view name) const {
    return column_slots_[column_slot(table, name)] - 1;
  }
  // True when `slot` (column_slot's) holds a column the table has now.
  constexpr bool column_at(std::size_t slot) const {
    return column_slots_[slot] != 0 && columns[column_slots_[slot] - 1].exists;
  }
  // Adds `def` to table `table` in `slot` (column_slot's, holding no existing column), at the end of its columns, as
  // the database puts it; a column added again reuses its entry, and the copy of its definition the entry has, so
  // that the copies never outnumber the entries.
  constexpr void add_column(std::size_t slot, std::size_t table, const column_def& def) {
    std::size_t c = column_slots_[slot] - 1;
    if (c == detail::npos) {
      c = column_count++;
      column_slots_[slot] = c + 1;
    } else if (columns[c].changed != 0) {
      changed_defs_[columns[c].changed - 1] = def;
    }
    columns[c] = {.table = table, .name = def.name, .def = &def, .changed = columns[c].changed, .exists = true,
                  .next = detail::npos};
    auto& t = tables[table];
    if (t.last_column == detail::npos) t.first_column = c;
    else columns[t.last_column].next = c;
    t.last_column = c;
  }
  constexpr void remove_column(std::size_t table, std::size_t c) {
    columns[c].exists = false;
    auto& t = tables[table];
    std::size_t prev = detail::npos;
    for (auto k = t.first_column; k != detail::npos; prev = k, k = columns[k].next) {
      if (k != c) continue;
      if (prev == detail::npos) t.first_column = columns[k].next;
      else columns[prev].next = columns[k].next;
      if (t.last_column == k) t.last_column = prev;
      break;
    }
  }
  // A dropped table's entry stays (its slot keeps it), with its columns and keys gone: a table created again under
  // its name starts empty, and may have a column or an index of a name the dropped one had.
  constexpr void drop_table_entry(std::size_t t) {
    tables[t].exists = false;
    for (auto c = tables[t].first_column; c != detail::npos; c = columns[c].next) columns[c].exists = false;
    tables[t].first_column = tables[t].last_column = detail::npos;
    for (std::size_t k = 0; k < key_count; ++k)
      if (keys[k].table == t) keys[k].exists = false;
  }
  // Index names are per schema; constraint names per table (the table is part of the key).
  constexpr std::size_t key_slot(std::string_view name, std::size_t table, bool is_index) const {
    std::size_t i = (detail::name_hash(name) + (is_index ? 0 : table + 1) * owner_mix) & key_mask;
    for (std::size_t e = key_slots_[i]; e != 0; e = key_slots_[i]) {
      const key_state& k = keys[e - 1];
      if ((k.kind == op_kind::create_index) == is_index && (is_index || k.table == table) &&
          detail::equal_text(k.name, name))
        break;
      i = (i + 1) & key_mask;
    }
    return i;
  }

  static constexpr bool lists(const name_list& names, std::string_view column) {
    for (std::size_t i = 0; i < names.count; ++i)
      if (detail::equal_text(names.names[i], column)) return true;
    return false;
  }
  constexpr bool key_lists(std::size_t k, std::string_view column) const { return lists(key_columns(k), column); }
  // The three answers about a table: it surely exists, surely does not, or the model cannot tell.
  enum class known { yes, no, unknown };
  constexpr known table_known(std::size_t t) const {
    // Written out rather than through closed() and certain(): this runs for every operation the fold applies.
    if (t == detail::npos) return barrier == detail::npos ? known::no : known::unknown;
    const table_state& e = tables[t];
    if (e.touched || (barrier != detail::npos && e.epoch <= barrier)) return known::unknown;
    return e.exists ? known::yes : known::no;
  }
  // The checks return the problem alone and leave what it names in found_table_ and found_name_.
  constexpr schema_problem found(schema_problem p, std::string_view table, std::string_view name = {}) {
    found_table_ = table;
    found_name_ = name;
    return p;
  }
  constexpr model_finding finding(schema_problem p, std::size_t step, std::size_t op) const {
    if (p == schema_problem::none) return {};
    return {.problem = p, .step = step, .op = op, .table = found_table_, .name = found_name_};
  }
  constexpr schema_problem keys_exist(std::size_t t, const operation& op, const name_list& names) {
    for (std::size_t i = 0; i < names.count; ++i)
      if (!column_at(column_slot(t, names.names[i])))
        return found(schema_problem::missing_column, op.table, names.names[i]);
    return schema_problem::none;
  }
  constexpr schema_problem references_exist(std::string_view ref_table, const name_list& ref_keys) {
    auto r = find_table(ref_table);
    switch (table_known(r)) {
      case known::no: return found(schema_problem::missing_ref_table, ref_table);
      case known::unknown: return schema_problem::none;
      case known::yes: break;
    }
    for (std::size_t i = 0; i < ref_keys.count; ++i) {
      const std::size_t c = find_column(r, ref_keys.names[i]);
      if (c == detail::npos || !columns[c].exists)
        return found(schema_problem::missing_ref_column, ref_table, ref_keys.names[i]);
    }
    return schema_problem::none;
  }
  constexpr schema_problem column_refs(const column_def& c) {
    if (c.references_.table.empty()) return schema_problem::none;
    return references_exist(c.references_.table, name_list{{c.references_.column}});
  }

  // Indexes, constraints and foreign keys follow a renamed table or column, as the databases make them.
  constexpr void follow_rename(std::string_view table, std::string_view new_table, std::string_view column,
                               std::string_view new_column) {
    auto rename_in = [&](name_list& names) {
      for (std::size_t i = 0; i < names.count; ++i)
        if (names.names[i] == column) names.names[i] = new_column;
    };
    for (std::size_t c = 0; c < column_count; ++c) {
      if (column_def_of(c).references_.table != table) continue;
      auto& ref = changing(c).references_;
      ref.table = new_table;
      if (!column.empty() && ref.column == column) ref.column = new_column;
    }
    for (std::size_t k = 0; k < key_count; ++k) {
      if (tables[keys[k].table].name == new_table && !column.empty() && key_lists(k, column))
        rename_in(renaming(k).keys);
      if (key_ref_table(k) == table && (table != new_table || (!column.empty() && lists(key_ref_columns(k), column)))) {
        auto& names = renaming(k);
        names.ref_table = new_table;
        if (!column.empty()) rename_in(names.ref_keys);
      }
    }
  }

  // A derived downgrade restores what an operation says was there; these say whether that is what the chain built.
  static constexpr bool same_column(const column_def& built, const column_def& said) noexcept {
    return built.type == said.type && built.not_null_ == said.not_null_ && built.primary_key == said.primary_key &&
           built.is_unique == said.is_unique && built.references_.table == said.references_.table;
  }
  static constexpr bool undoes(const column_change& change, const column_def& built) noexcept {
    if (change.sets_type && change.knows_old_type && !(change.old_type == built.type)) return false;
    if (change.sets_nullable && change.nullable == built.nullable()) return false;  // the flip back would change it
    if (change.sets_default && change.knows_old_default && !built.default_true && !built.default_false &&
        change.old_default_sql != built.default_sql)
      return false;
    return true;
  }
  static constexpr bool same_key(const operation& built, const operation& said, bool is_index) noexcept {
    if (!(built.keys == said.keys)) return false;
    if (is_index) return built.is_unique == said.is_unique;
    return said.dropped_kind == built.kind && built.ref_table == said.ref_table && built.ref_keys == said.ref_keys &&
           built.sql == said.sql && built.delete_action == said.delete_action;
  }

  // `derives_down`: the operation's downgrade is derived from it, so it must be undoable from what it says.
  constexpr schema_problem apply_op(const operation& op, bool derives_down = false) {
    if (op.kind == op_kind::execute) return schema_problem::none;
    const std::size_t slot = table_slot(op.table);
    const std::size_t t = table_slots_[slot] - 1;
    const known table_is = table_known(t);
    if (op.kind == op_kind::create_table) {
      if (table_is == known::yes) return found(schema_problem::table_exists, op.table);
      // The table starts empty, so a column already there is one listed twice.
      const std::size_t nt = add_table(slot, op.table);
      const column_def* cols = op.columns.data();
      for (std::size_t i = 0, n = op.column_count; i < n; ++i) {
        const column_def& col = cols[i];
        const std::size_t at = column_slot(nt, col.name);
        if (column_at(at)) return found(schema_problem::column_exists, op.table, col.name);
        if (const auto& ref = col.references_.table; !ref.empty() && ref != op.table)
          if (const auto p = column_refs(col); p != schema_problem::none) return p;
        add_column(at, nt, col);
      }
      return schema_problem::none;
    }
    if (table_is == known::no) return found(schema_problem::missing_table, op.table);
    if (table_is == known::unknown) {
      // The model cannot check this table; it still learns what later operations may rely on, and what they change
      // in the part of the table it knows (a column added, one made optional), which drift is judged against.
      if (op.kind == op_kind::drop_table && t != detail::npos) drop_table_entry(t);
      else if (t != detail::npos && tables[t].exists) (void)change_table(op, t);
      return schema_problem::none;
    }
    return change_table(op, t, derives_down);
  }

  // Applies `op` to the existing table `t`, or returns the first problem it finds.
  constexpr schema_problem change_table(const operation& op, std::size_t t, bool derives_down = false) {
    switch (op.kind) {
      case op_kind::drop_table:
        drop_table_entry(t);
        tables[t].epoch = epoch_;
        return schema_problem::none;
      case op_kind::rename_table: {
        const std::size_t new_slot = table_slot(op.new_name);
        if (table_known(table_slots_[new_slot] - 1) == known::yes)
          return found(schema_problem::table_exists, op.new_name);
        // The entry keeps its index, so its columns and keys follow it; the old name's slot gets a dropped stand-in
        // (open addressing never empties a slot).
        tables[table_count] = {.name = op.table, .epoch = epoch_, .first_column = detail::npos, .last_column = detail::npos};
        table_slots_[table_slot(op.table)] = ++table_count;
        table_slots_[new_slot] = t + 1;
        tables[t].name = op.new_name;
        follow_rename(op.table, op.new_name, {}, {});
        return schema_problem::none;
      }
      case op_kind::add_column: {
        const column_def& col = op.column();
        const std::size_t at = column_slot(t, col.name);
        if (column_at(at)) return found(schema_problem::column_exists, op.table, col.name);
        if (!col.references_.table.empty())
          if (const auto p = column_refs(col); p != schema_problem::none) return p;
        add_column(at, t, col);
        return schema_problem::none;
      }
      case op_kind::drop_column: case op_kind::rename_column: case op_kind::alter_column: {
        const auto c = find_column(t, op.name);
        if (c == detail::npos || !columns[c].exists) return found(schema_problem::missing_column, op.table, op.name);
        if (op.kind == op_kind::drop_column) {
          // The derived downgrade re-adds the column as drop_column describes it; the indexes and constraints the
          // databases dropped with it would not come back.
          if (derives_down) {
            for (std::size_t k = 0; k < key_count; ++k)
              if (keys[k].exists && keys[k].table == t && key_lists(k, op.name))
                return found(schema_problem::dropped_keyed_column, op.table, op.name);
            if (!same_column(column_def_of(c), op.column()))
              return found(schema_problem::definition_differs, op.table, op.name);
          }
          remove_column(t, c);
          // The databases drop the table's indexes and constraints on a dropped column with it (PostgreSQL does;
          // SQLite's rebuild does not recreate them).
          for (std::size_t k = 0; k < key_count; ++k)
            if (keys[k].exists && keys[k].table == t && key_lists(k, op.name)) keys[k].exists = false;
        } else if (op.kind == op_kind::rename_column) {
          const std::size_t at = column_slot(t, op.new_name);
          if (column_at(at)) return found(schema_problem::column_exists, op.table, op.new_name);
          // Renamed in place (it keeps its position); the new name gets a slot of its own pointing at it.
          changing(c).name = op.new_name;
          columns[c].name = op.new_name;
          column_slots_[at] = c + 1;
          follow_rename(op.table, op.table, op.name, op.new_name);
        } else {
          const column_change change = op.change();
          if (derives_down && !undoes(change, column_def_of(c)))
            return found(schema_problem::definition_differs, op.table, op.name);
          auto& def = changing(c);
          if (change.sets_type) def.type = change.type;
          if (change.sets_nullable) def.not_null_ = !change.nullable;
          if (change.sets_default) {
            def.default_sql = change.default_sql;
            def.default_true = def.default_false = false;
          }
        }
        return schema_problem::none;
      }
      case op_kind::create_index: case op_kind::add_foreign_key: case op_kind::add_unique: case op_kind::add_check: {
        const bool is_index = op.kind == op_kind::create_index;
        if (const auto p = keys_exist(t, op, op.keys); p != schema_problem::none) return p;
        if (op.kind == op_kind::add_foreign_key)
          if (const auto p = references_exist(op.ref_table, op.ref_keys); p != schema_problem::none) return p;
        const std::size_t i = key_slot(op.name, t, is_index);
        std::size_t k = key_slots_[i] - 1;
        if (k == detail::npos) {
          k = key_count++;
          key_slots_[i] = k + 1;
        } else if (keys[k].exists) {
          return found(is_index ? schema_problem::index_exists : schema_problem::constraint_exists, op.table, op.name);
        }
        // A key made again keeps its entry's copy of names, so that the copies never outnumber the entries.
        if (keys[k].renamed != 0) renamed_keys_[keys[k].renamed - 1] = {op.keys, op.ref_table, op.ref_keys};
        keys[k] = {.name = op.name, .table = t, .kind = op.kind, .def = &op, .renamed = keys[k].renamed,
                   .exists = true};
        return schema_problem::none;
      }
      case op_kind::drop_index: case op_kind::drop_constraint: {
        const bool is_index = op.kind == op_kind::drop_index;
        const std::size_t k = key_slots_[key_slot(op.name, t, is_index)] - 1;
        if (k == detail::npos || !keys[k].exists)
          return found(is_index ? schema_problem::missing_index : schema_problem::missing_constraint, op.table, op.name);
        if (derives_down && !same_key(key_operation(k), op, is_index))
          return found(schema_problem::definition_differs, op.table, op.name);
        keys[k].exists = false;
        return schema_problem::none;
      }
      default: return schema_problem::none;
    }
  }
};

}  // namespace migrate::schema

MIGRATE_DETAIL_ZERO_FIELDS_END
