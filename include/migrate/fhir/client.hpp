// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// The FHIR R4 REST API for migration code: CRUD, conditional writes, patch, search paging, bundles.
/// The bodies are compiled into the `migrate::fhir` library (src/fhir/client.cpp).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include <migrate/fhir/bundle.hpp>
#include <migrate/fhir/detail/json.hpp>
#include <migrate/fhir/errors.hpp>
#include <migrate/fhir/http_client.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

/// Search parameters in order; names and values are percent-encoded when sent.
using search_params = std::vector<std::pair<std::string, std::string>>;

/// What a write returned.
struct write_result {
  unsigned status = 0;            ///< 200 updated / found, 201 created
  boost::json::object resource;   ///< the stored resource as the server returned it
  std::string location;
  std::string etag;

  bool created() const noexcept { return status == 201; }
  std::string id() const { return std::string(detail::member_string(resource, "id")); }
  /// The new version id, from the resource or else the ETag.
  std::string version_id() const {
    auto version = detail::version_id_of(resource);
    return version.empty() ? detail::version_from_etag(etag) : version;
  }
};

/// A FHIR R4 server. Thread-safe; requests run in parallel up to `http_options::max_connections`.
/// Every failure is a migrate::store_error: operation_outcome_error (and its not_found_error and
/// version_conflict_error) for refusals, transport_error when no answer came.
class client {
 public:
  explicit client(std::string_view base_url, http_options options = {}) : http_(base_url, std::move(options)) {}

  /// GET Type/id; throws not_found_error when absent or deleted.
  boost::json::object read(std::string_view type, std::string_view id);
  /// GET Type/id, or nullopt when absent or deleted.
  std::optional<boost::json::object> try_read(std::string_view type, std::string_view id);
  /// GET Type/id/_history/version.
  boost::json::object vread(std::string_view type, std::string_view id, std::string_view version_id);

  /// POST; with `if_none_exist` ("identifier=sys|1") the server returns the existing match instead.
  write_result create(const boost::json::object& resource, std::string_view if_none_exist = {});
  /// PUT Type/id, with If-Match from `meta.versionId` (version_conflict_error when it moved on).
  write_result update(const boost::json::object& resource, version_guard guard = version_guard::if_match);
  /// PUT Type?criteria: updates the single match or creates; `if_match_version` guards the match.
  write_result conditional_update(const boost::json::object& resource, std::string_view criteria,
                                  std::string_view if_match_version = {});
  /// PATCH Type/id with a JSON Patch (RFC 6902) document.
  write_result patch(std::string_view type, std::string_view id, const boost::json::array& operations,
                     std::string_view if_match_version = {});
  /// DELETE Type/id.
  void remove(std::string_view type, std::string_view id, std::string_view if_match_version = {});

  /// GET Type?params: the first page (a searchset Bundle).
  boost::json::object search(std::string_view type, const search_params& params = {});
  /// The page `Bundle.link[next]` names, fetched exactly as given; nullopt on the last page.
  std::optional<boost::json::object> next_page(const boost::json::object& bundle);
  /// Fetches a page by its URL (a next link or a saved checkpoint), exactly as given.
  boost::json::object fetch_page(std::string_view url);
  /// Calls `on_page` for every page of a search, following next links; stop early by returning false.
  void for_each_page(std::string_view type, const search_params& params,
                     const std::function<bool(const boost::json::object& bundle)>& on_page);
  /// Every matching resource (mode "match"), across all pages.
  std::vector<boost::json::object> search_all(std::string_view type, const search_params& params = {});
  /// The one resource with `identifier=system|value`, nullopt for none; operation_outcome_error
  /// (status 412, errc::invalid_state) when several match.
  std::optional<boost::json::object> find_by_identifier(std::string_view type, std::string_view system,
                                                        std::string_view value);

  /// POSTs a batch or transaction; a refused transaction throws, a batch reports entry by entry.
  std::vector<bundle_entry_result> execute(const bundle_builder& bundle);

  /// The underlying HTTP client (for operations this API lacks).
  http_client& http() noexcept { return http_; }
  const http_client& http() const noexcept { return http_; }
  const std::string& base_url() const noexcept { return http_.base_url(); }

  /// The `resource` members of a searchset's entries whose search.mode is "match" (or unset).
  static std::vector<boost::json::object> matches(const boost::json::object& bundle);
  /// The URL of `Bundle.link[relation=next]`, or "".
  static std::string next_link(const boost::json::object& bundle);
  /// "?a=1&b=2" with names and values percent-encoded ("" when empty).
  static std::string query_string(const search_params& params);

 private:
  http_response exchange(http_request request);
  write_result to_write_result(const http_request& request, const http_response& response);
  std::string context(const http_request& request) const;

  http_client http_;
};

}  // namespace migrate::fhir
