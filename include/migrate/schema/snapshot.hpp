// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// The schema a registry's typed migrations build, as a run-time value: what `verify --schema` compares the live
/// catalog with and what `schema --dialect` prints.

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/core/registry.hpp>
#include <migrate/schema/detail/chain_model.hpp>
#include <migrate/schema/detail/rebuild.hpp>
#include <migrate/schema/render.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema {

/// One table as the model knows it.
struct table_snapshot {
  std::string_view name{};
  bool certain = true;                ///< false: an opaque (raw SQL / C++) migration may have changed it
  std::vector<column_def> columns{};  ///< in the order they were added
  std::vector<operation> keys{};      ///< its indexes (create_index) and constraints (add_foreign_key/unique/check)
};

/// The schema at some revision.
struct schema_snapshot {
  std::vector<table_snapshot> tables{};  ///< existing tables, in creation order
  bool closed = true;  ///< false: an opaque migration without declared tables ran, so tables may exist unknown to it
  /// Owns the names a snapshot read from a live catalog points at (the model's point into the binary).
  std::shared_ptr<std::deque<std::string>> storage{};
};

/// The schema after the migrations at the chain positions (`Registry::migrations()` order) marked in `applied`; in
/// dialect `in`, without the migrations that run nothing there (`migrate::skip`, `.only`).
template <class Registry>
schema_snapshot expected_schema(const std::vector<bool>& applied, std::optional<dialect> in = std::nullopt) {
  using steps = detail::registry_steps<Registry>;
  const std::size_t model_in = in ? steps::model_for(*in) : dialect_count;
  auto model = std::make_unique<schema_model<steps::capacity>>();
  for (std::size_t k = 0; k < Registry::size && k < applied.size(); ++k)
    if (const auto& step = steps::steps[Registry::analysis.order[k]]; applied[k] && step.applies_in(model_in))
      model->apply(step, k);
  schema_snapshot out;
  out.closed = model->closed();
  for (std::size_t t = 0; t < model->table_count; ++t) {
    const auto& table = model->tables[t];
    if (!table.exists) continue;
    table_snapshot snap{.name = table.name, .certain = model->certain(table)};
    model->for_each_column(table, [&](const column_def& c) { snap.columns.push_back(c); });
    model->for_each_key(table, [&](const operation& key) { snap.keys.push_back(key); });
    out.tables.push_back(std::move(snap));
  }
  return out;
}

/// The schema at the head of the chain.
template <class Registry>
schema_snapshot head_schema(std::optional<dialect> in = std::nullopt) {
  return expected_schema<Registry>(std::vector<bool>(Registry::size, true), in);
}

/// True when some migration of `Registry` is a typed schema migration (so there is a model to compare with).
template <class Registry>
inline constexpr bool has_typed_migrations = false;
// A list, not a fold expression: a fold over 1000 migrations nests past Clang's bracket-depth limit (256).
template <class... Ms>
inline constexpr bool has_typed_migrations<registry<Ms...>> =
    ::migrate::detail::first_typed_schema_migration<Ms...>() < sizeof...(Ms);

/// A registry's schema model as a run-time value, for code that is not templated on the registry (the CLI).
struct chain_schema {
  bool typed = false;  ///< false: no typed migration, so no model
  /// The schema after the migrations marked in `applied` (chain positions), in a dialect or common to all; null
  /// when not `typed`.
  schema_snapshot (*at)(const std::vector<bool>& applied, std::optional<dialect> in) = nullptr;
};

/// `Registry`'s model as a `chain_schema`.
template <class Registry>
constexpr chain_schema schema_of() noexcept {
  if constexpr (has_typed_migrations<Registry>) return {true, &expected_schema<Registry>};
  else return {};
}

/// `snapshot` as DDL in dialect `D`: CREATE TABLE with its columns, then its indexes and constraints.
template <dialect D>
std::string schema_ddl(const schema_snapshot& snapshot) {
  std::string out;
  auto write = [&](auto&& render) {
    detail::sql_writer measure;
    render(measure);
    const auto at = out.size();
    out.resize(at + measure.size);
    detail::sql_writer w{out.data() + at};
    render(w);
  };
  for (const auto& t : snapshot.tables) {
    if (!t.certain) out += "-- " + std::string(t.name) + ": changed by raw SQL or C++ migrations; as far as known:\n";
    // As the table would be created now: constraints D cannot add afterwards (SQLite: foreign keys, CHECKs) inside.
    auto keys = [&](auto f) {
      for (const auto& key : t.keys) f(key);
    };
    write([&](detail::sql_writer& w) {
      detail::create_table_sql<D>(w, {}, t.name, t.columns, keys);
      detail::table_keys_sql<D>(w, keys);
    });
    out += '\n';
  }
  if (!snapshot.closed) out += "-- raw SQL or C++ migrations may have created tables not shown here\n";
  return out;
}

}  // namespace migrate::schema
