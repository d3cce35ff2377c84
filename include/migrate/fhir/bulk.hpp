// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Data migrations that scale: scan a resource type page by page, write changes back in batch
/// Bundles over parallel connections, every write guarded by If-Match, resumable from a checkpoint.
/// The bodies are compiled into the `migrate::fhir` library (src/fhir/bulk.cpp).

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include <migrate/core/errors.hpp>
#include <migrate/fhir/client.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

/// Where a scan stands after a page's writes all succeeded; persist it to resume after a crash.
struct scan_checkpoint {
  std::string next_url;          ///< the next page to fetch, exactly as the server linked it; "" when done
  std::uint64_t pages = 0;       ///< pages completed so far
  std::uint64_t resources = 0;   ///< resources scanned so far

  /// True once the last page is done.
  bool finished() const noexcept { return pages > 0 && next_url.empty(); }

  /// A compact JSON text, for storing in a state resource.
  std::string to_json() const;
  /// Reads what to_json() wrote; throws store_error on anything else.
  static scan_checkpoint from_json(std::string_view text);
  friend bool operator==(const scan_checkpoint&, const scan_checkpoint&) = default;
};

/// A write the server refused because the resource changed after we read it; it was not overwritten.
struct write_conflict {
  std::string reference;    ///< "Patient/123"
  std::string read_version; ///< the version we read and guarded with
  unsigned status = 0;      ///< 412 (or 409)
  std::string diagnostics;
};

/// What to scan and how to write back.
struct update_options {
  std::string resource_type{};           ///< e.g. "Patient"
  search_params criteria{};              ///< extra search parameters; the transform must not change whether
                                         ///< a resource matches them (paging would skip resources)
  std::size_t page_size = 1000;          ///< _count of each page (docs/fhir.md: tuning for a real server)
  std::size_t batch_size = 250;          ///< entries per batch Bundle; batches fill across pages
  std::size_t parallel_batches = 2;      ///< batches in flight at once (keep <= http max_connections - 1: the
                                         ///< scan reads the next page meanwhile)
  std::optional<scan_checkpoint> resume_from{};  ///< start here instead of at the first page
  /// Called after each page's writes succeeded (conflicts included, see update_report), in page order.
  std::function<void(const scan_checkpoint&)> on_page_done{};
};

/// What a run did.
struct update_report {
  std::uint64_t scanned = 0;    ///< resources seen this run
  std::uint64_t updated = 0;    ///< written back
  std::uint64_t unchanged = 0;  ///< the transform returned false
  std::vector<write_conflict> conflicts{};
  scan_checkpoint checkpoint{};  ///< the last completed position
};

/// A bulk update stopped by a failed write (or a batch with no answer). Pages before the checkpoint in report()
/// are done; the lists name every changed resource of this run by what became of it.
class update_failed_error : public store_error {
 public:
  update_failed_error(const std::string& what, errc code, update_report report, std::vector<std::string> written,
                      std::vector<std::string> not_written, std::vector<std::string> unknown, std::exception_ptr cause)
      : store_error(what, code), report_(std::move(report)), written_(std::move(written)),
        not_written_(std::move(not_written)), unknown_(std::move(unknown)), cause_(std::move(cause)) {}
  /// What the run did until it stopped; report().checkpoint is the last page whose writes all succeeded.
  const update_report& report() const noexcept { return report_; }
  /// Written by this run (each exactly once).
  const std::vector<std::string>& written() const noexcept { return written_; }
  /// Not written: refused by the server, or in a batch never sent because the run stopped.
  const std::vector<std::string>& not_written() const noexcept { return not_written_; }
  /// In a batch whose answer never came: each may or may not have been written.
  const std::vector<std::string>& unknown() const noexcept { return unknown_; }
  /// The first failure, as the client raised it.
  const std::exception_ptr& cause() const noexcept { return cause_; }

 private:
  update_report report_;
  std::vector<std::string> written_;
  std::vector<std::string> not_written_;
  std::vector<std::string> unknown_;
  std::exception_ptr cause_;
};

/// Scans `options.resource_type`, calls `transform` on every resource (return true when it changed
/// the resource), and writes the changed ones back in batch Bundles with If-Match on the version read.
/// Batches fill across page boundaries and up to `parallel_batches` are written while the scan reads the next page.
/// A concurrent edit shows up in update_report::conflicts and is left as the other writer left it.
/// Any other failed write stops the run: the batches in flight finish, nothing more is sent, and
/// update_failed_error names what was written and what was not; on_page_done has then been called for every
/// page before the first one with an unwritten change, so a resumed run redoes that page and those after it.
/// When the scan itself fails (`transform`, `on_page_done` or a page fetch throws), the batches already queued are
/// still sent (and their pages reported, unless on_page_done was what threw: it is not called again), the batch
/// being filled is not, and the exception propagates.
/// Batches may run ahead of the last checkpoint, so a resumed run can meet resources it already wrote: write
/// transforms that leave an already-changed resource alone (return false). `transform` and `on_page_done` run on
/// the calling thread.
update_report update_each(client& fhir, const update_options& options,
                          const std::function<bool(boost::json::object&)>& transform);

/// Read-only scan: calls `on_resource` for every resource of a search, page by page.
std::uint64_t scan_each(client& fhir, std::string_view resource_type, search_params criteria, std::size_t page_size,
                        const std::function<void(const boost::json::object&)>& on_resource);

}  // namespace migrate::fhir

