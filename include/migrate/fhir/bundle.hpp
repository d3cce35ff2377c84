// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Builder for batch and transaction Bundles, and the reading of their responses.

#include <charconv>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <migrate/fhir/detail/base64.hpp>
#include <migrate/fhir/detail/json.hpp>
#include <migrate/fhir/detail/outcome.hpp>
#include <migrate/fhir/errors.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

/// batch: entries succeed or fail one by one. transaction: all or nothing.
enum class bundle_type { batch, transaction };

/// Whether an update is guarded by the resource's own `meta.versionId` (If-Match).
enum class version_guard { if_match, none };

/// Collects requests into a batch or transaction Bundle.
class bundle_builder {
 public:
  explicit bundle_builder(bundle_type type = bundle_type::batch) : type_(type) {}

  /// POST; `if_none_exist` ("identifier=sys|1") makes it a conditional create; `full_url`
  /// ("urn:uuid:...") lets other entries of a transaction reference the new resource.
  bundle_builder& create(boost::json::object resource, std::string_view if_none_exist = {},
                         std::string_view full_url = {}) {
    std::string type(detail::member_string(resource, "resourceType"));
    boost::json::object request{{"method", "POST"}, {"url", type}};
    if (!if_none_exist.empty()) request["ifNoneExist"] = if_none_exist;
    return add(std::move(request), std::move(resource), full_url);
  }

  /// PUT Type/id, with If-Match from `meta.versionId` unless `guard` is version_guard::none.
  bundle_builder& update(boost::json::object resource, version_guard guard = version_guard::if_match) {
    std::string url = fmt::format("{}/{}", detail::member_string(resource, "resourceType"),
                                  detail::member_string(resource, "id"));
    boost::json::object request{{"method", "PUT"}, {"url", url}};
    if (auto version = detail::version_id_of(resource); guard == version_guard::if_match && !version.empty())
      request["ifMatch"] = detail::weak_etag(version);
    return add(std::move(request), std::move(resource));
  }

  /// PUT Type?criteria: update the one match, create when none.
  bundle_builder& conditional_update(boost::json::object resource, std::string_view criteria) {
    std::string url = fmt::format("{}?{}", detail::member_string(resource, "resourceType"), criteria);
    return add(boost::json::object{{"method", "PUT"}, {"url", url}}, std::move(resource));
  }

  /// PATCH Type/id with a JSON Patch document (carried as a Binary, as FHIR requires in bundles).
  bundle_builder& patch(std::string_view type, std::string_view id, const boost::json::array& operations,
                        std::string_view if_match_version = {}) {
    boost::json::object request{{"method", "PATCH"}, {"url", fmt::format("{}/{}", type, id)}};
    if (!if_match_version.empty()) request["ifMatch"] = detail::weak_etag(if_match_version);
    boost::json::object binary{{"resourceType", "Binary"},
                               {"contentType", "application/json-patch+json"},
                               {"data", detail::base64(boost::json::serialize(operations))}};
    return add(std::move(request), std::move(binary));
  }

  /// DELETE Type/id, optionally guarded by a version.
  bundle_builder& remove(std::string_view type, std::string_view id, std::string_view if_match_version = {}) {
    boost::json::object request{{"method", "DELETE"}, {"url", fmt::format("{}/{}", type, id)}};
    if (!if_match_version.empty()) request["ifMatch"] = detail::weak_etag(if_match_version);
    return add(std::move(request), std::nullopt);
  }

  /// GET of a relative URL ("Patient/1", "Patient?identifier=...").
  bundle_builder& read(std::string_view url) {
    return add(boost::json::object{{"method", "GET"}, {"url", url}}, std::nullopt);
  }

  bundle_type type() const noexcept { return type_; }
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  void clear() noexcept { entries_.clear(); }

  /// The Bundle resource.
  boost::json::object build() const {
    return boost::json::object{{"resourceType", "Bundle"},
                               {"type", type_ == bundle_type::batch ? "batch" : "transaction"},
                               {"entry", entries_}};
  }

 private:
  bundle_builder& add(boost::json::object request, std::optional<boost::json::object> resource,
                      std::string_view full_url = {}) {
    boost::json::object entry;
    if (!full_url.empty()) entry["fullUrl"] = full_url;
    if (resource) entry["resource"] = std::move(*resource);
    entry["request"] = std::move(request);
    entries_.push_back(std::move(entry));
    return *this;
  }

  bundle_type type_;
  boost::json::array entries_;
};

/// The outcome of one entry of a batch/transaction response.
struct bundle_entry_result {
  unsigned status = 0;                ///< from `response.status` ("201 Created" -> 201)
  std::string location;
  std::string etag;
  std::optional<boost::json::object> resource;
  std::vector<outcome_issue> issues;  ///< from `response.outcome`, when the entry failed

  bool ok() const noexcept { return status >= 200 && status < 300; }
  /// Throws the typed error (version_conflict_error for 412, ...) when this entry failed.
  void throw_if_failed(std::string_view context) const {
    if (ok()) return;
    boost::json::object outcome{{"resourceType", "OperationOutcome"}, {"issue", boost::json::array{}}};
    for (const auto& issue : issues)
      outcome["issue"].get_array().push_back(boost::json::object{
          {"severity", issue.severity}, {"code", issue.code}, {"diagnostics", issue.diagnostics}});
    detail::throw_outcome(status, outcome, context);
  }
};

/// The entries of a batch-response or transaction-response, in request order.
inline std::vector<bundle_entry_result> read_bundle_response(const boost::json::object& bundle) {
  std::vector<bundle_entry_result> results;
  auto* entries = bundle.if_contains("entry");
  if (!entries || !entries->is_array()) return results;
  for (const auto& item : entries->get_array()) {
    bundle_entry_result result;
    auto* entry = item.if_object();
    if (!entry) {
      results.push_back(std::move(result));
      continue;
    }
    if (auto* response = entry->if_contains("response"); response && response->is_object()) {
      const auto& fields = response->get_object();
      auto status = detail::member_string(fields, "status");
      std::from_chars(status.data(), status.data() + status.size(), result.status);
      result.location = detail::member_string(fields, "location");
      result.etag = detail::member_string(fields, "etag");
      if (auto* outcome = fields.if_contains("outcome")) result.issues = detail::parse_issues(*outcome);
    }
    if (auto* resource = entry->if_contains("resource"); resource && resource->is_object()) {
      // Some servers put a failed entry's OperationOutcome in `resource` instead of `response.outcome`.
      if (detail::member_string(resource->get_object(), "resourceType") == "OperationOutcome" && result.issues.empty())
        result.issues = detail::parse_issues(*resource);
      else
        result.resource = resource->get_object();
    }
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace migrate::fhir
