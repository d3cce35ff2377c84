// SPDX-License-Identifier: MIT
#pragma once
/// Data migrations that scale: scan a resource type page by page, write changes back in batch
/// Bundles over parallel connections, every write guarded by If-Match, resumable from a checkpoint.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include <migrate/fhir/bundle.hpp>
#include <migrate/fhir/client.hpp>

namespace migrate::fhir {

/// Where a scan stands after a page's writes all succeeded; persist it to resume after a crash.
struct scan_checkpoint {
  std::string next_url;          ///< the next page to fetch, exactly as the server linked it; "" when done
  std::uint64_t pages = 0;       ///< pages completed so far
  std::uint64_t resources = 0;   ///< resources scanned so far

  /// True once the last page is done.
  bool finished() const noexcept { return pages > 0 && next_url.empty(); }

  /// A compact JSON text, for storing in a state resource.
  std::string to_json() const {
    return boost::json::serialize(boost::json::object{
        {"next", next_url}, {"pages", pages}, {"resources", resources}});
  }
  /// Reads what to_json() wrote; throws store_error on anything else.
  static scan_checkpoint from_json(std::string_view text) {
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    auto* object = ec ? nullptr : value.if_object();
    if (!object) throw store_error("FHIR scan checkpoint is not a JSON object", errc::invalid_state);
    scan_checkpoint checkpoint;
    checkpoint.next_url = detail::member_string(*object, "next");
    if (auto* pages = object->if_contains("pages"); pages && pages->is_number())
      checkpoint.pages = pages->to_number<std::uint64_t>();
    if (auto* resources = object->if_contains("resources"); resources && resources->is_number())
      checkpoint.resources = resources->to_number<std::uint64_t>();
    return checkpoint;
  }
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
  std::string resource_type;             ///< e.g. "Patient"
  search_params criteria;                ///< extra search parameters; the transform must not change whether
                                         ///< a resource matches them (paging would skip resources)
  std::size_t page_size = 100;           ///< _count of each page
  std::size_t batch_size = 100;          ///< entries per batch Bundle
  std::size_t parallel_batches = 4;      ///< batches in flight at once (keep <= http max_connections - 1)
  std::optional<scan_checkpoint> resume_from;  ///< start here instead of at the first page
  /// Called after each page's writes succeeded (conflicts included, see update_report), in page order.
  std::function<void(const scan_checkpoint&)> on_page_done;
};

/// What a run did.
struct update_report {
  std::uint64_t scanned = 0;    ///< resources seen this run
  std::uint64_t updated = 0;    ///< written back
  std::uint64_t unchanged = 0;  ///< the transform returned false
  std::vector<write_conflict> conflicts;
  scan_checkpoint checkpoint;   ///< the last completed position
};

namespace detail {

struct pending_write {
  std::string reference;
  std::string read_version;
  boost::json::object resource;
};

// Runs `jobs` on at most `parallel` threads; rethrows the first failure after all have stopped.
inline void run_parallel(std::size_t jobs, std::size_t parallel, const std::function<void(std::size_t)>& job) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    for (std::size_t i = next++; i < jobs; i = next++) {
      try {
        job(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = jobs;
      }
    }
  };
  std::vector<std::jthread> threads;
  for (std::size_t t = 1; t < std::min(parallel, jobs); ++t) threads.emplace_back(worker);
  worker();
  threads.clear();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace detail

/// Scans `options.resource_type`, calls `transform` on every resource (return true when it changed
/// the resource), and writes the changed ones back in batch Bundles with If-Match on the version read.
/// A concurrent edit shows up in update_report::conflicts and is left as the other writer left it.
/// Any other failed write throws after the page's in-flight batches finish, before on_page_done, so a
/// resumed run redoes that page. The next page is fetched while the current page's batches run.
inline update_report update_each(client& fhir, const update_options& options,
                                 const std::function<bool(boost::json::object&)>& transform) {
  update_report report;
  report.checkpoint = options.resume_from.value_or(scan_checkpoint{});
  if (report.checkpoint.finished()) return report;
  const std::size_t batch_size = std::max<std::size_t>(1, options.batch_size);
  const std::size_t parallel = std::max<std::size_t>(1, options.parallel_batches);

  auto fetch = [&fhir, &options](const std::string& url) {
    if (!url.empty()) return fhir.fetch_page(url);
    auto criteria = options.criteria;
    criteria.emplace_back("_count", std::to_string(options.page_size));
    return fhir.search(options.resource_type, criteria);
  };
  std::optional<boost::json::object> page = fetch(report.checkpoint.next_url);
  std::mutex report_mutex;

  while (page) {
    const std::string next_url = client::next_link(*page);
    std::future<boost::json::object> prefetch;
    if (!next_url.empty()) prefetch = std::async(std::launch::async, [&fhir, next_url] { return fhir.fetch_page(next_url); });

    std::vector<detail::pending_write> writes;
    std::uint64_t seen = 0;
    for (auto& resource : client::matches(*page)) {
      ++seen;
      auto reference = fmt::format("{}/{}", detail::member_string(resource, "resourceType"),
                                   detail::member_string(resource, "id"));
      auto version = detail::version_id_of(resource);
      if (!transform(resource)) {
        ++report.unchanged;
        continue;
      }
      writes.push_back({std::move(reference), std::move(version), std::move(resource)});
    }

    const std::size_t batches = (writes.size() + batch_size - 1) / batch_size;
    try {
      detail::run_parallel(batches, parallel, [&](std::size_t b) {
        bundle_builder bundle(bundle_type::batch);
        const std::size_t first = b * batch_size;
        const std::size_t last = std::min(writes.size(), first + batch_size);
        for (std::size_t i = first; i < last; ++i) bundle.update(writes[i].resource, version_guard::if_match);
        auto results = fhir.execute(bundle);
        std::vector<write_conflict> conflicts;
        std::uint64_t updated = 0;
        for (std::size_t i = first; i < last; ++i) {
          const auto& result = results[i - first];
          if (result.ok()) {
            ++updated;
          } else if (result.status == 409 || result.status == 412) {
            std::string diagnostics;
            for (const auto& issue : result.issues)
              if (!issue.diagnostics.empty()) {
                diagnostics = issue.diagnostics;
                break;
              }
            conflicts.push_back({writes[i].reference, writes[i].read_version, result.status, std::move(diagnostics)});
          } else {
            result.throw_if_failed(fmt::format("batch PUT {}", writes[i].reference));
          }
        }
        std::lock_guard lock(report_mutex);
        report.updated += updated;
        for (auto& conflict : conflicts) report.conflicts.push_back(std::move(conflict));
      });
    } catch (...) {
      if (prefetch.valid()) prefetch.wait();
      throw;
    }

    report.scanned += seen;
    report.checkpoint.next_url = next_url;
    report.checkpoint.pages += 1;
    report.checkpoint.resources += seen;
    if (options.on_page_done) options.on_page_done(report.checkpoint);
    page = prefetch.valid() ? std::optional(prefetch.get()) : std::nullopt;
  }
  return report;
}

/// Read-only scan: calls `on_resource` for every resource of a search, page by page.
inline std::uint64_t scan_each(client& fhir, std::string_view resource_type, search_params criteria,
                               std::size_t page_size, const std::function<void(const boost::json::object&)>& on_resource) {
  criteria.emplace_back("_count", std::to_string(page_size));
  std::uint64_t count = 0;
  fhir.for_each_page(resource_type, criteria, [&](const boost::json::object& page) {
    for (const auto& resource : client::matches(page)) {
      on_resource(resource);
      ++count;
    }
    return true;
  });
  return count;
}

}  // namespace migrate::fhir
