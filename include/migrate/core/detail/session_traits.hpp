// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// What the runner needs to know of a store's session type before it is complete: the built-in stores' forward
// headers (sqlite/fwd.hpp, ...) say it, so a registry can be bound to them without their heavy headers.

#include <string_view>
#include <type_traits>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {

/// True when the session runs SQL text (`execute_script`), so SQL migrations can run on its store.
template <class Session>
struct session_runs_sql
    : std::bool_constant<requires(Session& s, std::string_view text) { s.execute_script(text); }> {};

}  // namespace migrate::detail
