// SPDX-License-Identifier: MIT
// The bodies of <migrate/fhir/client.hpp>, compiled once into migrate::fhir.
#include <migrate/core/version.hpp>
#include <migrate/fhir/client.hpp>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <migrate/fhir/detail/json.hpp>
#include <migrate/fhir/detail/outcome.hpp>
#include <migrate/fhir/detail/url.hpp>
#include <migrate/fhir/redact.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

namespace detail {
namespace {

http_request make_request(boost::beast::http::verb method, std::string target) {
  http_request request;
  request.method = method;
  request.target = std::move(target);
  return request;
}

std::string resource_path(std::string_view type, std::string_view id) {
  return fmt::format("{}/{}", percent_encode(type), percent_encode(id));
}

std::string required_member(const boost::json::object& resource, std::string_view key, std::string_view doing) {
  auto value = member_string(resource, key);
  if (value.empty()) throw store_error(fmt::format("FHIR {}: the resource has no {}", doing, key));
  return std::string(value);
}

}  // namespace
}  // namespace detail

std::string client::context(const http_request& request) const {
  return fmt::format("{} {}", std::string_view(boost::beast::http::to_string(request.method)),
                     redact_url(request.target));
}

http_response client::exchange(http_request request) {
  auto response = http_.send(request);
  if (response.status >= 400) detail::throw_outcome(response.status, response.body, context(request));
  // Redirects are not followed (the bearer token would go wherever they point); like any other non-2xx answer
  // they are named by their status, never mistaken for a resource or a body that failed to parse.
  if (response.status < 200 || response.status >= 300) {
    auto location = response.header("Location");
    throw operation_outcome_error(
        response.status, {},
        response.status >= 300 && response.status < 400
            ? fmt::format("FHIR {}: HTTP {} redirect{}; the client does not follow redirects: use the server's "
                          "final base URL",
                          context(request), response.status,
                          location.empty() ? std::string() : fmt::format(" to {}", redact_url(location)))
            : fmt::format("FHIR {}: HTTP {} is not an answer the client accepts", context(request), response.status));
  }
  return response;
}

write_result client::to_write_result(const http_request& request, const http_response& response) {
  write_result result{response.status, {}, response.header("Location"), response.header("ETag")};
  if (!response.body.empty()) {
    auto body = detail::parse_object(response.body, context(request));
    // A server may answer a write with an OperationOutcome when it ignores Prefer: return=representation.
    if (detail::member_string(body, "resourceType") != "OperationOutcome") result.resource = std::move(body);
  }
  return result;
}

boost::json::object client::read(std::string_view type, std::string_view id) {
  auto request = detail::make_request(boost::beast::http::verb::get, detail::resource_path(type, id));
  return detail::parse_object(exchange(request).body, context(request));
}

std::optional<boost::json::object> client::try_read(std::string_view type, std::string_view id) {
  try {
    return read(type, id);
  } catch (const not_found_error&) {
    return std::nullopt;
  }
}

boost::json::object client::vread(std::string_view type, std::string_view id, std::string_view version_id) {
  auto request = detail::make_request(boost::beast::http::verb::get, fmt::format("{}/_history/{}", detail::resource_path(type, id), detail::percent_encode(version_id)));
  return detail::parse_object(exchange(request).body, context(request));
}

write_result client::create(const boost::json::object& resource, std::string_view if_none_exist) {
  auto type = detail::required_member(resource, "resourceType", "create");
  auto request = detail::make_request(boost::beast::http::verb::post, detail::percent_encode(type));
  request.headers.push_back({"Prefer", "return=representation"});
  if (!if_none_exist.empty()) request.headers.push_back({"If-None-Exist", std::string(if_none_exist)});
  request.body = boost::json::serialize(resource);
  return to_write_result(request, exchange(request));
}

write_result client::update(const boost::json::object& resource, version_guard guard) {
  auto type = detail::required_member(resource, "resourceType", "update");
  auto id = detail::required_member(resource, "id", "update");
  auto request = detail::make_request(boost::beast::http::verb::put, detail::resource_path(type, id));
  request.headers.push_back({"Prefer", "return=representation"});
  if (auto version = detail::version_id_of(resource); guard == version_guard::if_match && !version.empty())
    request.headers.push_back({"If-Match", detail::weak_etag(version)});
  request.body = boost::json::serialize(resource);
  return to_write_result(request, exchange(request));
}

write_result client::conditional_update(const boost::json::object& resource, std::string_view criteria,
                                               std::string_view if_match_version) {
  auto type = detail::required_member(resource, "resourceType", "conditional update");
  auto request = detail::make_request(boost::beast::http::verb::put, fmt::format("{}?{}", detail::percent_encode(type), criteria));
  request.headers.push_back({"Prefer", "return=representation"});
  if (!if_match_version.empty()) request.headers.push_back({"If-Match", detail::weak_etag(if_match_version)});
  request.body = boost::json::serialize(resource);
  return to_write_result(request, exchange(request));
}

write_result client::patch(std::string_view type, std::string_view id, const boost::json::array& operations,
                                  std::string_view if_match_version) {
  auto request = detail::make_request(boost::beast::http::verb::patch, detail::resource_path(type, id));
  request.content_type = "application/json-patch+json";
  request.headers.push_back({"Prefer", "return=representation"});
  if (!if_match_version.empty()) request.headers.push_back({"If-Match", detail::weak_etag(if_match_version)});
  request.body = boost::json::serialize(operations);
  return to_write_result(request, exchange(request));
}

void client::remove(std::string_view type, std::string_view id, std::string_view if_match_version) {
  auto request = detail::make_request(boost::beast::http::verb::delete_, detail::resource_path(type, id));
  if (!if_match_version.empty()) request.headers.push_back({"If-Match", detail::weak_etag(if_match_version)});
  exchange(request);
}

std::string client::query_string(const search_params& params) {
  std::string query;
  for (const auto& [name, value] : params) {
    query += query.empty() ? '?' : '&';
    // ':' in names is a FHIR modifier ("name:exact") and stays readable; everything else is encoded.
    for (auto part = name.find(':'), start = std::string::size_type{0};; part = name.find(':', start)) {
      query += detail::percent_encode(std::string_view(name).substr(start, part - start));
      if (part == std::string::npos) break;
      query += ':';
      start = part + 1;
    }
    query += '=';
    query += detail::percent_encode(value);
  }
  return query;
}

boost::json::object client::search(std::string_view type, const search_params& params) {
  return fetch_page(detail::percent_encode(type) + query_string(params));
}

boost::json::object client::fetch_page(std::string_view url) {
  auto request = detail::make_request(boost::beast::http::verb::get, std::string(url));
  auto bundle = detail::parse_object(exchange(request).body, context(request));
  if (detail::member_string(bundle, "resourceType") != "Bundle")
    throw invalid_response_error(fmt::format("FHIR {}: expected a Bundle", context(request)));
  return bundle;
}

std::string client::next_link(const boost::json::object& bundle) {
  auto* links = bundle.if_contains("link");
  if (!links || !links->is_array()) return {};
  for (const auto& link : links->get_array())
    if (auto* object = link.if_object(); object && detail::member_string(*object, "relation") == "next")
      return std::string(detail::member_string(*object, "url"));
  return {};
}

std::optional<boost::json::object> client::next_page(const boost::json::object& bundle) {
  auto next = next_link(bundle);
  if (next.empty()) return std::nullopt;
  return fetch_page(next);
}

void client::for_each_page(std::string_view type, const search_params& params,
                                  const std::function<bool(const boost::json::object&)>& on_page) {
  for (std::optional<boost::json::object> page = search(type, params); page; page = next_page(*page))
    if (!on_page(*page)) return;
}

std::vector<boost::json::object> client::matches(const boost::json::object& bundle) {
  std::vector<boost::json::object> resources;
  auto* entries = bundle.if_contains("entry");
  if (!entries || !entries->is_array()) return resources;
  for (const auto& item : entries->get_array()) {
    auto* entry = item.if_object();
    if (!entry) continue;
    if (auto* search = entry->if_contains("search"); search && search->is_object()) {
      auto mode = detail::member_string(search->get_object(), "mode");
      if (!mode.empty() && mode != "match") continue;
    }
    if (auto* resource = entry->if_contains("resource"); resource && resource->is_object())
      resources.push_back(resource->get_object());
  }
  return resources;
}

std::vector<boost::json::object> client::search_all(std::string_view type, const search_params& params) {
  std::vector<boost::json::object> all;
  for_each_page(type, params, [&](const boost::json::object& page) {
    for (auto& resource : matches(page)) all.push_back(std::move(resource));
    return true;
  });
  return all;
}

std::optional<boost::json::object> client::find_by_identifier(std::string_view type, std::string_view system,
                                                                     std::string_view value) {
  auto token = system.empty() ? std::string(value) : fmt::format("{}|{}", system, value);
  auto page = search(type, {{"identifier", token}, {"_count", "2"}});
  auto found = matches(page);
  if (found.empty()) return std::nullopt;
  if (found.size() > 1)
    throw operation_outcome_error(412, {{"error", "multiple-matches", "identifier matches more than one resource", {}}},
                                  fmt::format("FHIR search {}?identifier={}: more than one match", type, token),
                                  errc::invalid_state);
  return std::move(found.front());
}

std::vector<bundle_entry_result> client::execute(const bundle_builder& bundle) {
  // The base URL itself is the endpoint for batch and transaction.
  auto request = detail::make_request(boost::beast::http::verb::post, http_.resolve_target(""));
  if (request.target.size() > 1 && request.target.back() == '/') request.target.pop_back();
  request.headers.push_back({"Prefer", "return=representation"});
  request.body = boost::json::serialize(bundle.build());
  auto response = exchange(request);
  auto answer = detail::parse_object(response.body, context(request));
  if (detail::member_string(answer, "resourceType") != "Bundle")
    throw invalid_response_error(fmt::format("FHIR {}: expected a batch/transaction response Bundle", context(request)));
  auto results = read_bundle_response(answer);
  if (results.size() != bundle.size())
    throw invalid_response_error(fmt::format("FHIR {}: {} entries sent, {} answered", context(request), bundle.size(),
                                             results.size()));
  return results;
}

}  // namespace migrate::fhir
