// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Small Boost.JSON helpers shared by the FHIR headers. Only the value types: parsing (`parse_object`) is compiled
// into migrate::fhir (src/fhir/json.cpp), so a migration's TU never parses Boost.JSON's parser or fmt.

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir::detail {

/// `resource.meta.versionId`, or "" when absent.
inline std::string version_id_of(const boost::json::object& resource) {
  auto* meta = resource.if_contains("meta");
  if (!meta || !meta->is_object()) return {};
  auto* version = meta->get_object().if_contains("versionId");
  return version && version->is_string() ? std::string(version->get_string()) : std::string();
}

/// A string member, or "" when absent or not a string.
inline std::string_view member_string(const boost::json::object& object, std::string_view key) {
  auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string_view(value->get_string()) : std::string_view();
}

/// `W/"<version>"`, the If-Match value for a version id.
inline std::string weak_etag(std::string_view version_id) {
  std::string etag = "W/\"";
  etag += version_id;
  etag += '"';
  return etag;
}

/// The version id inside an ETag (`W/"3"` or `"3"`), or "" when it is not one.
inline std::string version_from_etag(std::string_view etag) {
  if (etag.starts_with("W/")) etag.remove_prefix(2);
  if (etag.size() < 2 || etag.front() != '"' || etag.back() != '"') return {};
  return std::string(etag.substr(1, etag.size() - 2));
}

/// Parses a response body that must be a JSON object; `context` is already redacted. Throws invalid_response_error.
boost::json::object parse_object(std::string_view body, std::string_view context);

}  // namespace migrate::fhir::detail
