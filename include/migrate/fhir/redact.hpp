// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Redaction for FHIR URLs and tokens: the core's, under `migrate::fhir` for the client's callers.

#include <migrate/core/redact.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {
using migrate::redact;
using migrate::redact_url;
}  // namespace migrate::fhir
