// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Declares the FHIR store and its session without their headers, for code that only names them.

#include <type_traits>

#include <migrate/core/detail/session_traits.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {
class session;  // "incomplete type" in a migration? #include <migrate/fhir/session.hpp> there
class store;
}  // namespace migrate::fhir

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {
template <>
struct session_runs_sql<fhir::session> : std::false_type {};
}  // namespace migrate::detail
