// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Schema drift: a live database's catalog compared with the schema the typed migrations build at the revision the
/// store records (`verify --schema`). Each SQL store reads its catalog in its own `catalog.hpp` (`live_schema`).

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <migrate/core/migrator.hpp>
#include <migrate/schema/snapshot.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema {

/// What differs between the model and the live catalog.
enum class drift_kind : std::uint8_t {
  missing_table,        ///< the model has the table, the database does not
  extra_table,          ///< the database has a table the model does not (reported only when the model is closed)
  missing_column,
  extra_column,
  type_differs,         ///< by family (and varchar length, numeric precision/scale where both say)
  nullability_differs,
  primary_key_differs,
  missing_index,        ///< an index, a unique constraint, or a column's UNIQUE
  extra_index,
  index_differs,        ///< same name, other columns or uniqueness
  missing_foreign_key,
  extra_foreign_key,
};

/// The kind's name, as `--json` prints it.
constexpr std::string_view to_string(drift_kind k) noexcept {
  constexpr std::string_view names[] = {"missing_table",       "extra_table",         "missing_column",
                                        "extra_column",        "type_differs",        "nullability_differs",
                                        "primary_key_differs", "missing_index",       "extra_index",
                                        "index_differs",       "missing_foreign_key", "extra_foreign_key"};
  return names[static_cast<std::uint8_t>(k)];
}

/// One difference between the model and the database.
struct drift_finding {
  drift_kind kind = drift_kind::missing_table;
  std::string table{};     ///< the table it is about
  std::string name{};      ///< the column, index or foreign key; empty for a table
  std::string expected{};  ///< what the model says; empty when it has nothing there
  std::string actual{};    ///< what the database has; empty when it has nothing there
  std::string message{};   ///< one readable line
};

/// `text` kept alive by `snapshot` (for catalog readers, whose names come from the database).
inline std::string_view keep(schema_snapshot& snapshot, std::string text) {
  if (!snapshot.storage) snapshot.storage = std::make_shared<std::deque<std::string>>();
  return snapshot.storage->emplace_back(std::move(text));
}

/// "varchar(255)", "numeric(10, 2)", "integer".
inline std::string describe(const column_type& t) {
  if (t.family == type_family::varchar && t.length) return fmt::format("varchar({})", t.length);
  if (t.family == type_family::numeric && t.precision) return fmt::format("numeric({}, {})", t.precision, t.scale);
  return std::string(to_string(t.family));
}

namespace detail {

inline bool same_name(std::string_view a, std::string_view b) noexcept {
  // Unquoted identifiers: PostgreSQL folds them to lower case, SQLite compares them without case.
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}
inline bool same_names(const name_list& a, const name_list& b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_name(a.names[i], b.names[i])) return false;
  return true;
}
inline std::string list_text(const name_list& names) { return fmt::format("({})", fmt::join(names, ", ")); }

inline bool same_type(const column_type& want, const column_type& have) noexcept {
  if (want.family != have.family) return false;
  if (want.family == type_family::varchar && want.length && have.length) return want.length == have.length;
  if (want.family == type_family::numeric && want.precision && have.precision)
    return want.precision == have.precision && want.scale == have.scale;
  return true;
}
inline bool allows_null(const column_def& c) noexcept { return c.nullable() && !c.primary_key; }

template <class T, class Match>
const T* find_in(const std::vector<T>& items, Match match) {
  for (const auto& item : items)
    if (match(item)) return &item;
  return nullptr;
}

// An index or unique key as both sides list it: a model's create_index/add_unique, or a catalog's index.
struct key_fact {
  std::string_view name{};
  name_list columns{};
  bool unique = false;
  bool constraint = false;  // a unique constraint's own index (not a CREATE INDEX)
  bool matched = false;
};
struct foreign_key_fact {
  name_list columns{};
  std::string_view ref_table{};
  name_list ref_columns{};
  bool matched = false;
  std::string text() const { return fmt::format("{} -> {}{}", list_text(columns), ref_table, list_text(ref_columns)); }
};

inline std::vector<key_fact> index_facts(const table_snapshot& t) {
  std::vector<key_fact> facts;
  for (const auto& k : t.keys)
    if (k.kind == op_kind::create_index || k.kind == op_kind::add_unique)
      facts.push_back({k.name, k.keys, k.is_unique || k.kind == op_kind::add_unique, k.kind == op_kind::add_unique});
  return facts;
}
inline std::vector<foreign_key_fact> foreign_key_facts(const table_snapshot& t) {
  std::vector<foreign_key_fact> facts;
  for (const auto& c : t.columns)
    if (!c.references_.table.empty())
      facts.push_back({name_list{c.name}, c.references_.table, name_list{c.references_.column}});
  for (const auto& k : t.keys)
    if (k.kind == op_kind::add_foreign_key) facts.push_back({k.keys, k.ref_table, k.ref_keys});
  return facts;
}

inline std::string key_text(const key_fact& k) {
  return fmt::format("{}{}", k.unique ? "UNIQUE " : "", list_text(k.columns));
}

inline void compare_columns(const table_snapshot& want, const table_snapshot& have, std::vector<drift_finding>& out) {
  const std::string table(want.name);
  for (const auto& c : want.columns) {
    const auto* live = find_in(have.columns, [&](const column_def& l) { return same_name(l.name, c.name); });
    const std::string column = fmt::format("{}.{}", want.name, c.name);
    if (!live) {
      out.push_back({drift_kind::missing_column, table, std::string(c.name), describe(c.type), {},
                     fmt::format("{}: missing column (the model has {})", column, describe(c.type))});
      continue;
    }
    if (!same_type(c.type, live->type))
      out.push_back({drift_kind::type_differs, table, std::string(c.name), describe(c.type), describe(live->type),
                     fmt::format("{}: type {} expected, the database has {}", column, describe(c.type),
                                 describe(live->type))});
    if (allows_null(c) != allows_null(*live)) {
      auto says = [](bool null) { return null ? std::string("NULL allowed") : std::string("NOT NULL"); };
      out.push_back({drift_kind::nullability_differs, table, std::string(c.name), says(allows_null(c)),
                     says(allows_null(*live)),
                     fmt::format("{}: {} expected, the database has {}", column, says(allows_null(c)),
                                 says(allows_null(*live)))});
    }
    if (c.primary_key != live->primary_key) {
      auto says = [](bool pk) { return pk ? std::string("primary key") : std::string("not a primary key"); };
      out.push_back({drift_kind::primary_key_differs, table, std::string(c.name), says(c.primary_key),
                     says(live->primary_key),
                     fmt::format("{}: {} expected, the database has {}", column, says(c.primary_key),
                                 says(live->primary_key))});
    }
  }
  if (!want.certain) return;
  for (const auto& l : have.columns)
    if (!find_in(want.columns, [&](const column_def& c) { return same_name(l.name, c.name); }))
      out.push_back({drift_kind::extra_column, table, std::string(l.name), {}, describe(l.type),
                     fmt::format("{}.{}: extra column ({}), not in the model", want.name, l.name, describe(l.type))});
}

inline void compare_indexes(const table_snapshot& want, const table_snapshot& have, std::vector<drift_finding>& out) {
  const std::string table(want.name);
  auto live = index_facts(have);
  for (const auto& k : index_facts(want)) {
    auto it = std::find_if(live.begin(), live.end(), [&](const key_fact& l) { return same_name(l.name, k.name); });
    if (it == live.end()) {
      out.push_back({drift_kind::missing_index, table, std::string(k.name), key_text(k), {},
                     fmt::format("{}: missing index {} {}", table, k.name, key_text(k))});
      continue;
    }
    it->matched = true;
    if (!same_names(k.columns, it->columns) || k.unique != it->unique)
      out.push_back({drift_kind::index_differs, table, std::string(k.name), key_text(k), key_text(*it),
                     fmt::format("{}: index {} is {} in the model, {} in the database", table, k.name, key_text(k),
                                 key_text(*it))});
  }
  // A column's UNIQUE is a constraint the database names itself: matched by what it covers.
  for (const auto& c : want.columns) {
    if (!c.is_unique || c.primary_key) continue;
    const name_list one{c.name};
    auto it = std::find_if(live.begin(), live.end(),
                           [&](const key_fact& l) { return !l.matched && l.unique && same_names(l.columns, one); });
    if (it == live.end()) {
      out.push_back({drift_kind::missing_index, table, std::string(c.name), "UNIQUE " + list_text(one), {},
                     fmt::format("{}.{}: missing unique constraint", table, c.name)});
      continue;
    }
    it->matched = true;
  }
  if (!want.certain) return;
  for (const auto& l : live)
    if (!l.matched)
      out.push_back({drift_kind::extra_index, table, std::string(l.name), {}, key_text(l),
                     fmt::format("{}: extra {} {} {}, not in the model", table,
                                 l.constraint ? "unique constraint" : "index", l.name, key_text(l))});
}

inline void compare_foreign_keys(const table_snapshot& want, const table_snapshot& have,
                                 std::vector<drift_finding>& out) {
  const std::string table(want.name);
  auto live = foreign_key_facts(have);
  for (const auto& f : foreign_key_facts(want)) {
    auto it = std::find_if(live.begin(), live.end(), [&](const foreign_key_fact& l) {
      return !l.matched && same_names(l.columns, f.columns) && same_name(l.ref_table, f.ref_table) &&
             same_names(l.ref_columns, f.ref_columns);
    });
    if (it != live.end()) {
      it->matched = true;
      continue;
    }
    out.push_back({drift_kind::missing_foreign_key, table, f.text(), f.text(), {},
                   fmt::format("{}: missing foreign key {}", table, f.text())});
  }
  if (!want.certain) return;
  for (const auto& l : live)
    if (!l.matched)
      out.push_back({drift_kind::extra_foreign_key, table, l.text(), {}, l.text(),
                     fmt::format("{}: extra foreign key {}, not in the model", table, l.text())});
}

}  // namespace detail

/// Every difference between `expected` (the model) and `live` (a catalog reader's snapshot), tables in the model's
/// order. A table the model is not sure of (`certain == false`) is checked only for what the model says it has;
/// tables the model does not know are reported only when it is `closed`. Defaults and CHECK constraints are not
/// compared.
inline std::vector<drift_finding> compare(const schema_snapshot& expected, const schema_snapshot& live) {
  std::vector<drift_finding> out;
  auto table_named = [](const schema_snapshot& s, std::string_view name) {
    return detail::find_in(s.tables, [&](const table_snapshot& t) { return detail::same_name(t.name, name); });
  };
  for (const auto& want : expected.tables) {
    const auto* have = table_named(live, want.name);
    if (!have) {
      out.push_back({drift_kind::missing_table, std::string(want.name), {}, "table", {},
                     fmt::format("{}: missing table", want.name)});
      continue;
    }
    detail::compare_columns(want, *have, out);
    detail::compare_indexes(want, *have, out);
    detail::compare_foreign_keys(want, *have, out);
  }
  if (expected.closed)
    for (const auto& have : live.tables)
      if (!table_named(expected, have.name))
        out.push_back({drift_kind::extra_table, std::string(have.name), {}, {}, "table",
                       fmt::format("{}: extra table, not in the model", have.name)});
  return out;
}

/// A store whose live schema can be read: `live_schema(store)` (found by argument-dependent lookup; SQLite and
/// PostgreSQL define it in their catalog.hpp) returns its tables as a `schema_snapshot`, without migrate's state
/// table or other tools' state tables.
template <class Store>
concept catalog_store = requires(Store& s) {
  { live_schema(s) } -> std::same_as<schema_snapshot>;
};

/// The outcome of `verify_schema`.
struct schema_check {
  bool typed = false;                 ///< false: the chain has no typed migration, so there was nothing to compare
  std::vector<std::string> at{};      ///< the recorded revision(s) the model was folded to (empty: base)
  schema_snapshot expected{};         ///< the model at that revision
  std::vector<drift_finding> findings{};
  /// True when the database matches the model.
  bool clean() const noexcept { return findings.empty(); }
};

/// The tables the store names as other tools' state (skipped by catalog readers).
inline constexpr std::string_view foreign_state_tables[] = {"alembic_version", "schema_migrations",
                                                            "flyway_schema_history"};

}  // namespace migrate::schema

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// Compares `store`'s live schema with `model` at the revision the store records for `steps` (the applied rows
/// `basic_migrator::history` reads; an interrupted migration counts as not applied). Reads only.
template <schema::catalog_store Store>
schema::schema_check verify_schema(Store& store, bound_chain<typename Store::session_type> steps,
                                   const schema::chain_schema& model) {
  basic_migrator<Store> runner(store, steps, run_options{false, events{}});
  schema::schema_check check;
  check.typed = model.typed;
  const auto entries = runner.history();
  std::vector<bool> applied(entries.size(), false);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    applied[i] = entries[i].record && !entries[i].record->in_progress;
    if (entries[i].is_current) check.at.emplace_back(entries[i].migration->revision);
  }
  if (!check.typed) return check;
  std::optional<dialect> in;
  if constexpr (dialect_store<Store>) in = Store::sql_dialect;
  check.expected = model.at(applied, in);
  check.findings = schema::compare(check.expected, live_schema(store));
  return check;
}

/// Compares `store`'s live schema with the schema `Registry`'s typed migrations build at the revision the store
/// records. Reads only.
template <class Registry, schema::catalog_store Store>
schema::schema_check verify_schema(Store& store) {
  return verify_schema(store, bind_chain<Registry, Store>(), schema::schema_of<Registry>());
}

}  // namespace migrate
