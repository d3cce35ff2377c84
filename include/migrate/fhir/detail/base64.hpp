// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Base64 (RFC 4648, padded), compiled into migrate::fhir (src/fhir/base64.cpp) so no header needs OpenSSL for it.

#include <string>
#include <string_view>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir::detail {

/// `bytes` in standard Base64 with padding.
std::string base64(std::string_view bytes);

}  // namespace migrate::fhir::detail
