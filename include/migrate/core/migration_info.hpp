// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// The run-time view of one compiled migration, the same for every store.

#include <span>
#include <string_view>

#include <migrate/core/dialect.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// How a migration does its work.
enum class migration_kind { sql, code };

/// One verified migration as the planner and the stores see it. `registry::migrations_for<D>()` resolves the SQL and
/// checksum for dialect D; `registry::migrations()` holds the portable text.
struct migration_info {
  std::string_view revision{};
  std::span<const std::string_view> down_revisions{};
  std::string_view description{};
  std::string_view created{};
  migration_kind kind = migration_kind::sql;
  std::string_view up_sql{};
  std::string_view down_sql{};
  std::string_view checksum{}; ///< 16 hex digits of `up_sql` for SQL migrations, empty for code migrations
  bool reversible = true;
  bool in_transaction = true;
  dialect_set dialects{};      ///< the dialects a SQL migration has SQL for (empty for code migrations)
  /// The step copies tables into new ones (SQLite cannot ALTER what it changes): the store suspends foreign key
  /// enforcement around it and checks every key before it commits.
  bool rebuilds_tables = false;
};

}  // namespace migrate
