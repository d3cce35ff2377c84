// SPDX-License-Identifier: MIT
// The bodies of <migrate/fhir/bundle.hpp>, compiled once into migrate::fhir: a migration's TU sees only the
// declarations, not Boost.JSON's serializer or fmt.
#include <migrate/core/version.hpp>
#include <migrate/fhir/bundle.hpp>

#include <charconv>
#include <utility>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <migrate/fhir/detail/base64.hpp>
#include <migrate/fhir/detail/json.hpp>
#include <migrate/fhir/detail/outcome.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

bundle_builder& bundle_builder::create(boost::json::object resource, std::string_view if_none_exist,
                                       std::string_view full_url) {
  std::string type(detail::member_string(resource, "resourceType"));
  boost::json::object request{{"method", "POST"}, {"url", type}};
  if (!if_none_exist.empty()) request["ifNoneExist"] = if_none_exist;
  return add(std::move(request), std::move(resource), full_url);
}

bundle_builder& bundle_builder::update(boost::json::object resource, version_guard guard) {
  std::string url = fmt::format("{}/{}", detail::member_string(resource, "resourceType"),
                                detail::member_string(resource, "id"));
  boost::json::object request{{"method", "PUT"}, {"url", url}};
  if (auto version = detail::version_id_of(resource); guard == version_guard::if_match && !version.empty())
    request["ifMatch"] = detail::weak_etag(version);
  return add(std::move(request), std::move(resource));
}

bundle_builder& bundle_builder::conditional_update(boost::json::object resource, std::string_view criteria) {
  std::string url = fmt::format("{}?{}", detail::member_string(resource, "resourceType"), criteria);
  return add(boost::json::object{{"method", "PUT"}, {"url", url}}, std::move(resource));
}

bundle_builder& bundle_builder::patch(std::string_view type, std::string_view id,
                                      const boost::json::array& operations, std::string_view if_match_version) {
  boost::json::object request{{"method", "PATCH"}, {"url", fmt::format("{}/{}", type, id)}};
  if (!if_match_version.empty()) request["ifMatch"] = detail::weak_etag(if_match_version);
  boost::json::object binary{{"resourceType", "Binary"},
                             {"contentType", "application/json-patch+json"},
                             {"data", detail::base64(boost::json::serialize(operations))}};
  return add(std::move(request), std::move(binary));
}

bundle_builder& bundle_builder::remove(std::string_view type, std::string_view id,
                                       std::string_view if_match_version) {
  boost::json::object request{{"method", "DELETE"}, {"url", fmt::format("{}/{}", type, id)}};
  if (!if_match_version.empty()) request["ifMatch"] = detail::weak_etag(if_match_version);
  return add(std::move(request), std::nullopt);
}

bundle_builder& bundle_builder::read(std::string_view url) {
  return add(boost::json::object{{"method", "GET"}, {"url", url}}, std::nullopt);
}

boost::json::object bundle_builder::build() const {
  return boost::json::object{{"resourceType", "Bundle"},
                             {"type", type_ == bundle_type::batch ? "batch" : "transaction"},
                             {"entry", entries_}};
}

bundle_builder& bundle_builder::add(boost::json::object request, std::optional<boost::json::object> resource,
                                    std::string_view full_url) {
  boost::json::object entry;
  if (!full_url.empty()) entry["fullUrl"] = full_url;
  if (resource) entry["resource"] = std::move(*resource);
  entry["request"] = std::move(request);
  entries_.push_back(std::move(entry));
  return *this;
}

void bundle_entry_result::throw_if_failed(std::string_view context) const {
  if (ok()) return;
  boost::json::object outcome{{"resourceType", "OperationOutcome"}, {"issue", boost::json::array{}}};
  for (const auto& issue : issues)
    outcome["issue"].get_array().push_back(boost::json::object{
        {"severity", issue.severity}, {"code", issue.code}, {"diagnostics", issue.diagnostics}});
  detail::throw_outcome(status, outcome, context);
}

std::vector<bundle_entry_result> read_bundle_response(const boost::json::object& bundle) {
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
