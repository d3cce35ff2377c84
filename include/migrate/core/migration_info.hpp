#pragma once
/// The run-time view of one compiled migration, the same for every store.

#include <span>
#include <string_view>

namespace migrate {

/// How a migration does its work.
enum class migration_kind { sql, code };

/// One verified migration as the planner and the stores see it.
struct migration_info {
  std::string_view revision{};
  std::span<const std::string_view> down_revisions{};
  std::string_view description{};
  std::string_view created{};
  migration_kind kind = migration_kind::sql;
  std::string_view up_sql{};
  std::string_view down_sql{};
  std::string_view checksum{}; ///< 16 hex digits for SQL migrations, empty for code migrations
  bool reversible = true;
  bool in_transaction = true;
};

}  // namespace migrate
