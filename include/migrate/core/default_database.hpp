// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::default_database_url`: the database an application migrates when `DATABASE_URL` is unset.

#include <string_view>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// Used when `DATABASE_URL` is unset: an embedded SQLite file in the working directory.
inline constexpr std::string_view default_database_url = "sqlite:///migrate.sqlite3";

}  // namespace migrate
