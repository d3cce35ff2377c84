// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Builder for batch and transaction Bundles, and the reading of their responses.
/// The bodies are compiled into the `migrate::fhir` library (src/fhir/bundle.cpp).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

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
                         std::string_view full_url = {});
  /// PUT Type/id, with If-Match from `meta.versionId` unless `guard` is version_guard::none.
  bundle_builder& update(boost::json::object resource, version_guard guard = version_guard::if_match);
  /// PUT Type?criteria: update the one match, create when none.
  bundle_builder& conditional_update(boost::json::object resource, std::string_view criteria);
  /// PATCH Type/id with a JSON Patch document (carried as a Binary, as FHIR requires in bundles).
  bundle_builder& patch(std::string_view type, std::string_view id, const boost::json::array& operations,
                        std::string_view if_match_version = {});
  /// DELETE Type/id, optionally guarded by a version.
  bundle_builder& remove(std::string_view type, std::string_view id, std::string_view if_match_version = {});
  /// GET of a relative URL ("Patient/1", "Patient?identifier=...").
  bundle_builder& read(std::string_view url);

  bundle_type type() const noexcept { return type_; }
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  void clear() noexcept { entries_.clear(); }

  /// The Bundle resource.
  boost::json::object build() const;

 private:
  bundle_builder& add(boost::json::object request, std::optional<boost::json::object> resource,
                      std::string_view full_url = {});

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
  void throw_if_failed(std::string_view context) const;
};

/// The entries of a batch-response or transaction-response, in request order.
std::vector<bundle_entry_result> read_bundle_response(const boost::json::object& bundle);

}  // namespace migrate::fhir
