// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// What differs between SQL databases in how migrate keeps its state table.

#include <string_view>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::sql {

/// SQL text one database needs; parameters are written `$1`, `$2`... (SQLite accepts them too).
struct dialect {
  std::string_view table_exists;  ///< one row when table `$1` exists in the current schema
  std::string_view sequence_column;  ///< definition of the `seq` column (application order)
  std::string_view begin;         ///< starts a per-step transaction
  std::string_view list_tables{};    ///< the names of the user's tables in the current schema, one per row
  std::string_view column_exists{};  ///< one row when table `$1` of the current schema has column `$2`
  /// Run after BEGIN of a whole-run transaction to mark it, so steps need no savepoint; empty: a savepoint per step.
  std::string_view run_marker{};
  /// A SQL condition true while the marked transaction is the open one.
  std::string_view run_marker_set{};
};

}  // namespace migrate::sql
