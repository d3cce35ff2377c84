// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
#include <migrate/fhir/fwd.hpp>
/// `migrate::fhir::session`: what a FHIR code migration receives — the FHIR client, plus checkpoints
/// kept in the migration-state resource so a bulk migration resumes after a crash instead of starting over.
/// What a migration's TU parses: the client's and the bulk helpers' declarations and Boost.JSON's value types
/// (`<boost/json/value.hpp>`: value, object, array, string); parsing, serializing, bundle building, the bulk
/// pipeline and the HTTP transport are compiled into the `migrate::fhir` library (src/fhir/, docs/compile-time.md).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <boost/json/value.hpp>

#include <migrate/core/errors.hpp>
#include <migrate/fhir/bulk.hpp>
#include <migrate/fhir/client.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

namespace detail {

/// Where a session keeps checkpoints; the FHIR store implements it on the state resource.
class checkpoint_keeper {
 public:
  virtual ~checkpoint_keeper() = default;
  virtual std::optional<std::string> load_checkpoint(std::string_view revision, std::string_view key) = 0;
  virtual void save_checkpoint(std::string_view revision, std::string_view key, std::string_view value) = 0;
  virtual void clear_checkpoint(std::string_view revision, std::string_view key) = 0;
};

}  // namespace detail

/// The connection a FHIR code migration works through (`static void upgrade(migrate::fhir::session& fhir)`).
///
/// Checkpoints belong to the migration running now and are cleared when it completes. Saving one declares
/// the migration resumable: if the run crashes, the next run re-runs it from the checkpoint instead of
/// stopping at a dirty marker (see docs/fhir.md, "The FHIR store").
class session {
 public:
  session(fhir::client& client, detail::checkpoint_keeper* keeper = nullptr) : client_(&client), keeper_(keeper) {}

  /// The FHIR REST client (read, update with If-Match, search, batch, ...).
  fhir::client& client() const noexcept { return *client_; }
  fhir::client* operator->() const noexcept { return client_; }

  /// The revision of the migration running now ("" outside a migration).
  const std::string& revision() const noexcept { return revision_; }

  /// The checkpoint saved under `key` by an earlier, interrupted run of this migration.
  std::optional<std::string> checkpoint(std::string_view key = "scan") const {
    return keeper_ && !revision_.empty() ? keeper_->load_checkpoint(revision_, key) : std::nullopt;
  }
  /// Saves `value` under `key` in the state resource (one If-Match write); throws when there is nowhere to keep it.
  void save_checkpoint(std::string_view value, std::string_view key = "scan") {
    if (!keeper_ || revision_.empty())
      throw store_error("a checkpoint can only be saved by a migration run through migrate::fhir::store",
                        errc::invalid_state);
    keeper_->save_checkpoint(revision_, key, value);
  }
  /// Forgets the checkpoint under `key` (the store also clears them all when the migration completes).
  void clear_checkpoint(std::string_view key = "scan") {
    if (keeper_ && !revision_.empty()) keeper_->clear_checkpoint(revision_, key);
  }

  /// `fhir::update_each` resumed from, and checkpointed to, the state resource under `key`: after a crash the
  /// next run continues at the first page whose writes had not all succeeded. The starting position is saved
  /// before the first change, so a run killed even on the first page resumes instead of stopping at a dirty marker.
  update_report update_each(update_options options, const std::function<bool(boost::json::object&)>& transform,
                            std::string_view key = "scan");

  /// Used by the store around each migration step.
  void begin_step(std::string revision) { revision_ = std::move(revision); }
  void end_step() { revision_.clear(); }

 private:
  fhir::client* client_;
  detail::checkpoint_keeper* keeper_;
  std::string revision_;
};

}  // namespace migrate::fhir
