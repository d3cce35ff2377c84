// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// The schema a registry's typed migrations build, as a run-time value: what `verify --schema` compares the live
/// catalog with and what `schema --dialect` prints.

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/core/registry.hpp>
#include <migrate/schema/detail/chain_model.hpp>
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

namespace detail {
template <class Registry>
struct registry_steps;
template <class... Ms>
struct registry_steps<registry<Ms...>> {
  static constexpr model_size capacity = model_capacity<Ms...>;
  static constexpr const auto& steps = steps_of<Ms...>;
};
}  // namespace detail

/// The schema after the migrations at the chain positions (`Registry::migrations()` order) marked in `applied`.
template <class Registry>
schema_snapshot expected_schema(const std::vector<bool>& applied) {
  using steps = detail::registry_steps<Registry>;
  auto model = std::make_unique<schema_model<steps::capacity>>();
  for (std::size_t k = 0; k < Registry::size && k < applied.size(); ++k)
    if (applied[k]) model->apply(steps::steps[Registry::analysis.order[k]], k);
  schema_snapshot out;
  out.closed = model->closed();
  for (std::size_t t = 0; t < model->table_count; ++t) {
    const auto& table = model->tables[t];
    if (!table.exists) continue;
    table_snapshot snap{.name = table.name, .certain = model->certain(table)};
    model->for_each_column(table, [&](const column_def& c) { snap.columns.push_back(c); });
    for (std::size_t k = 0; k < model->key_count; ++k)
      if (model->keys[k].exists && model->keys[k].table == t) {
        snap.keys.push_back(model->keys[k].current());
        snap.keys.back().table = table.name;
      }
    out.tables.push_back(std::move(snap));
  }
  return out;
}

/// The schema at the head of the chain.
template <class Registry>
schema_snapshot head_schema() {
  return expected_schema<Registry>(std::vector<bool>(Registry::size, true));
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
    write([&](detail::sql_writer& w) { detail::create_table_sql<D>(w, t.name, t.columns); });
    for (const auto& key : t.keys)
      write([&](detail::sql_writer& w) {
        // A constraint D cannot ADD (a foreign key or CHECK on SQLite, from a migration with its own SQL there or
        // limited to other dialects) is shown, not rendered as something else.
        if (const auto why = dialect_renderer<D>::unsupported(key); !why.empty()) {
          w << "-- " << key.name << ": ";
          detail::constraint_body(w, key, key.kind);
          w << " (" << why << ")\n";
        } else {
          detail::operation_sql<D>(w, key);
        }
      });
    out += '\n';
  }
  if (!snapshot.closed) out += "-- raw SQL or C++ migrations may have created tables not shown here\n";
  return out;
}

}  // namespace migrate::schema
