// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// A registry as the CLI reads it, light enough for an application's translation unit: the CLI's code takes these
// tables instead of being a template on the registry.

#include <array>
#include <cstddef>
#include <span>

#include <migrate/core/dialect.hpp>
#include <migrate/core/migration_info.hpp>
#include <migrate/core/registry.hpp>
#include <migrate/schema/snapshot.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli::detail {

/// The chain in chain order with portable texts, each dialect's view of it, and its schema model.
struct chain_tables {
  std::span<const migration_info> migrations{};
  std::array<std::span<const migration_info>, dialect_count> views{};
  schema::chain_schema schema{};
};

/// `Registry` as `chain_tables`.
template <class Registry>
chain_tables tables_of() {
  chain_tables tables{Registry::migrations(), {}, schema::schema_of<Registry>()};
  for (auto d : all_dialects) tables.views[static_cast<std::size_t>(d)] = Registry::migrations_for(d);
  return tables;
}

}  // namespace migrate::cli::detail
