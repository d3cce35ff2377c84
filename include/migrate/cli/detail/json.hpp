// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// `--json` output is built with core's JSON writer.

#include <migrate/core/detail/json_writer.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli::detail {
using migrate::detail::json_array;
using migrate::detail::json_object;
}  // namespace migrate::cli::detail
