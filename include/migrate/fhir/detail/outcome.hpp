// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Turning an HTTP error answer into the matching typed error. Compiled into migrate::fhir (src/fhir/outcome.cpp).

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include <migrate/fhir/errors.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir::detail {

/// The issues of an OperationOutcome (none when `outcome` is not one).
std::vector<outcome_issue> parse_issues(const boost::json::value& outcome);

/// Throws the typed error for `status`; `context` ("PUT Patient/1") must already be redacted.
[[noreturn]] void throw_outcome(unsigned status, const boost::json::value& outcome, std::string_view context);

/// As above, from a raw body that may or may not be JSON.
[[noreturn]] void throw_outcome(unsigned status, std::string_view body, std::string_view context);

}  // namespace migrate::fhir::detail
