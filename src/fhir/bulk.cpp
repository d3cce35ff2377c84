// SPDX-License-Identifier: MIT
// update_each's pipeline (declared in <migrate/fhir/bulk.hpp>). Changed resources fill batch Bundles regardless of
// page boundaries, a pool of `parallel_batches` threads sends them while the scan reads on (one page ahead), and
// pages are reported done, in order, once every write taken from them has an answer. Compiled into
// migrate::fhir_transport: as an inline header it cost every FHIR migration TU <future>, <thread> and the pipeline's
// code (~30% of its compile time, docs/compile-time.md).
#include <migrate/core/version.hpp>
#include <migrate/fhir/bulk.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <future>
#include <optional>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <migrate/fhir/client.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {
namespace detail {

struct pending_write {
  std::string reference;
  std::string read_version;
  boost::json::object resource;
  std::uint64_t page = 0;  // the scan's page it came from, counted from the first page of this run
};

class update_pipeline {
 public:
  update_pipeline(client& fhir, const update_options& options, update_report& report)
      : fhir_(fhir), options_(options), report_(report),
        batch_size_(std::max<std::size_t>(1, options.batch_size)),
        parallel_(std::max<std::size_t>(1, options.parallel_batches)) {
    for (std::size_t i = 0; i < parallel_; ++i) workers_.emplace_back([this] { work(); });
  }
  update_pipeline(const update_pipeline&) = delete;
  update_pipeline& operator=(const update_pipeline&) = delete;
  ~update_pipeline() { stop(); }

  /// Opens the next page; throws update_failed_error once a batch failed, so the scan stops.
  void begin_page() {
    {
      std::lock_guard lock(mutex_);
      if (!failure_) {
        pages_.push_back({});
        return;
      }
    }
    fail_now();
  }
  /// A changed resource of the open page; sends the open batch once it is full (waiting while parallel_batches
  /// batches are already queued).
  void add(pending_write write) {
    {
      std::lock_guard lock(mutex_);
      ++pages_.back().outstanding;
      write.page = first_page_ + pages_.size() - 1;
    }
    open_.push_back(std::move(write));
    if (open_.size() >= batch_size_) submit();
  }
  /// Every resource of the open page has been seen; `after` is where the scan stands once it is done.
  void end_page(scan_checkpoint after, std::uint64_t seen) {
    {
      std::lock_guard lock(mutex_);
      pages_.back().after = std::move(after);
      pages_.back().seen = seen;
      pages_.back().sealed = true;
    }
    wait_until([] { return true; });  // report pages done so far
  }
  /// Sends what is left, waits for every answer and reports the remaining pages; throws update_failed_error.
  void finish() {
    if (!open_.empty()) submit();
    wait_until([this] { return in_flight_ == 0 && (queue_.empty() || failure_); });
    bool failed = false;
    {
      std::lock_guard lock(mutex_);
      failed = failure_ != nullptr;
    }
    if (failed) fail_now();
    stop();
  }
  /// After a failure of the scan itself (a transform, on_page_done or a page fetch threw): sends the batches already
  /// queued (their transforms completed), never the one being filled, and reports the pages that completes.
  void abandon() noexcept {
    try {
      wait_until([this] { return in_flight_ == 0 && (queue_.empty() || failure_); });
    } catch (...) {
      // on_page_done threw again; the first failure is the one that propagates
    }
    stop();
  }
  /// Stops sending: waits for the batches in flight, drops the queued ones.
  void stop() noexcept {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
    }
    changed_.notify_all();
    workers_.clear();
  }

 private:
  struct page_slot {
    scan_checkpoint after{};
    std::uint64_t seen = 0;
    std::size_t outstanding = 0;  // writes taken from it without an answer yet
    bool sealed = false;
  };
  struct failed_write {
    std::string reference;
    std::string reason;
  };

  void submit() {
    wait_until([this] { return queue_.size() < parallel_ || failure_; });
    {
      std::lock_guard lock(mutex_);
      if (!failure_) {
        queue_.push_back(std::exchange(open_, {}));
        changed_.notify_all();
        return;
      }
    }
    fail_now();
  }
  // After a failed batch: lets the batches in flight finish, reports the pages they completed, then throws what was
  // and was not written.
  [[noreturn]] void fail_now() {
    stop();
    wait_until([] { return true; });
    std::lock_guard lock(mutex_);
    throw_failure();
  }

  // Calls on_page_done for every page completed in order, then waits for `ready` (under the lock), reporting pages
  // as they complete meanwhile. on_page_done runs on the scanning thread only.
  template <class Ready>
  void wait_until(Ready ready) {
    std::unique_lock lock(mutex_);
    while (true) {
      std::vector<scan_checkpoint> done;
      while (!callback_failed_ && !pages_.empty() && pages_.front().sealed && pages_.front().outstanding == 0) {
        auto& page = pages_.front();
        report_.scanned += page.seen;
        report_.checkpoint = page.after;
        done.push_back(page.after);
        pages_.pop_front();
        ++first_page_;
      }
      if (!done.empty()) {
        lock.unlock();
        if (options_.on_page_done) {
          // After it threw, it is never called again: the run stops at the checkpoint it refused.
          callback_failed_ = true;
          for (const auto& checkpoint : done) options_.on_page_done(checkpoint);
          callback_failed_ = false;
        }
        lock.lock();
        continue;
      }
      if (ready()) return;
      changed_.wait(lock);
    }
  }

  void work() {
    while (true) {
      std::vector<pending_write> batch;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return !queue_.empty() || closing_ || failure_; });
        if (closing_ || failure_) return;
        batch = std::move(queue_.front());
        queue_.pop_front();
        ++in_flight_;
      }
      send(batch);
      {
        std::lock_guard lock(mutex_);
        --in_flight_;
      }
      changed_.notify_all();
    }
  }

  // One batch Bundle; records every entry's outcome. Requires nothing; takes mutex_ to record.
  void send(std::vector<pending_write>& batch) {
    bundle_builder bundle(bundle_type::batch);
    for (const auto& w : batch) bundle.update(w.resource, version_guard::if_match);
    std::vector<bundle_entry_result> results;
    try {
      results = fhir_.execute(bundle);
      if (results.size() != batch.size())
        throw invalid_response_error(fmt::format("the batch-response to {} entries holds {}", batch.size(),
                                                 results.size()));
    } catch (const operation_outcome_error& e) {
      // The server refused the whole Bundle: none of it was written.
      std::lock_guard lock(mutex_);
      for (auto& w : batch) failed_.push_back({std::move(w.reference), "its batch was refused"});
      fail(std::current_exception());
      return;
    } catch (...) {
      // No usable answer: each entry may or may not have been written.
      std::lock_guard lock(mutex_);
      for (auto& w : batch) unknown_.push_back(std::move(w.reference));
      fail(std::current_exception());
      return;
    }
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      auto& w = batch[i];
      const auto& result = results[i];
      if (result.ok() || result.status == 409 || result.status == 412) {
        if (result.ok()) {
          ++report_.updated;
          written_.push_back(std::move(w.reference));
        } else {
          std::string diagnostics;
          for (const auto& issue : result.issues)
            if (!issue.diagnostics.empty()) {
              diagnostics = issue.diagnostics;
              break;
            }
          report_.conflicts.push_back(write_conflict{std::move(w.reference), std::move(w.read_version), result.status,
                                               std::move(diagnostics)});
        }
        --pages_[w.page - first_page_].outstanding;
        continue;
      }
      try {
        result.throw_if_failed(fmt::format("batch PUT {}", w.reference));
      } catch (const std::exception& e) {
        failed_.push_back({std::move(w.reference), e.what()});
        fail(std::current_exception());
      }
    }
  }
  // Requires mutex_.
  void fail(std::exception_ptr cause) {
    if (!failure_) failure_ = std::move(cause);
  }

  // Requires mutex_ and the workers stopped.
  [[noreturn]] void throw_failure() {
    for (auto& batch : queue_)
      for (auto& w : batch) not_sent_.push_back(std::move(w.reference));
    queue_.clear();
    for (auto& w : open_) not_sent_.push_back(std::move(w.reference));
    open_.clear();
    std::string cause = "a batch write failed";
    errc code = errc::store_failure;
    try {
      std::rethrow_exception(failure_);
    } catch (const error& e) {
      cause = e.what();
      code = e.code();
    } catch (const std::exception& e) {
      cause = e.what();
    } catch (...) {
    }
    auto some = [](const auto& items, auto name) {
      std::string text;
      for (std::size_t i = 0; i < items.size() && i < 5; ++i) text += fmt::format("{}{}", i ? ", " : "", name(items[i]));
      if (items.size() > 5) text += fmt::format(" and {} more", items.size() - 5);
      return text;
    };
    auto plain = [](const std::string& reference) { return reference; };
    std::string message = fmt::format(
        "{}. The bulk update of {} stopped: {} resources written by this run, {} conflicts left as they were; pages up "
        "to resource {} are complete (the checkpoint; a resumed run redoes every page after it)",
        cause, options_.resource_type, report_.updated, report_.conflicts.size(), report_.checkpoint.resources);
    if (!failed_.empty())
      message += fmt::format("; not written, refused: {}", some(failed_, [](const failed_write& f) {
                               return fmt::format("{} ({})", f.reference, f.reason);
                             }));
    if (!not_sent_.empty()) message += fmt::format("; not written, never sent: {}", some(not_sent_, plain));
    if (!unknown_.empty())
      message += fmt::format("; no answer, so maybe written (If-Match makes a rerun safe): {}", some(unknown_, plain));
    std::vector<std::string> not_written;
    for (auto& f : failed_) not_written.push_back(f.reference);
    not_written.insert(not_written.end(), not_sent_.begin(), not_sent_.end());
    throw update_failed_error(message, code, report_, written_, std::move(not_written), unknown_, failure_);
  }

  client& fhir_;
  const update_options& options_;
  update_report& report_;
  const std::size_t batch_size_;
  const std::size_t parallel_;
  std::vector<pending_write> open_;  // the batch being filled (scanning thread only)
  bool callback_failed_ = false;     // on_page_done threw (scanning thread only)

  std::mutex mutex_;  // guards everything below, and report_'s updated, conflicts, scanned and checkpoint
  std::condition_variable changed_;
  std::deque<std::vector<pending_write>> queue_;
  std::size_t in_flight_ = 0;
  bool closing_ = false;
  std::deque<page_slot> pages_;  // pages not reported done yet, the first being number first_page_
  std::uint64_t first_page_ = 0;
  std::exception_ptr failure_;
  std::vector<std::string> written_;
  std::vector<failed_write> failed_;
  std::vector<std::string> not_sent_;
  std::vector<std::string> unknown_;

  std::vector<std::jthread> workers_;  // last: joined before the members they use go
};

}  // namespace detail

update_report update_each(client& fhir, const update_options& options,
                          const std::function<bool(boost::json::object&)>& transform) {
  update_report report;
  report.checkpoint = options.resume_from.value_or(scan_checkpoint{});
  if (report.checkpoint.finished()) return report;

  auto fetch = [&fhir, &options](const std::string& url) {
    if (!url.empty()) return fhir.fetch_page(url);
    auto criteria = options.criteria;
    criteria.emplace_back("_count", std::to_string(options.page_size));
    return fhir.search(options.resource_type, criteria);
  };
  detail::update_pipeline pipeline(fhir, options, report);
  std::future<boost::json::object> prefetch;
  try {
    std::optional<boost::json::object> page = fetch(report.checkpoint.next_url);
    scan_checkpoint at = report.checkpoint;
    while (page) {
      const std::string next_url = client::next_link(*page);
      if (!next_url.empty()) prefetch = std::async(std::launch::async, [&fhir, next_url] { return fhir.fetch_page(next_url); });
      pipeline.begin_page();
      std::uint64_t seen = 0;
      for (auto& resource : client::matches(*page)) {
        ++seen;
        auto reference = fmt::format("{}/{}", detail::member_string(resource, "resourceType"),
                                     detail::member_string(resource, "id"));
        auto version = detail::version_id_of(resource);
        if (!transform(resource)) {
          ++report.unchanged;  // the workers touch only updated and conflicts
          continue;
        }
        pipeline.add({std::move(reference), std::move(version), std::move(resource)});
      }
      at.next_url = next_url;
      at.pages += 1;
      at.resources += seen;
      pipeline.end_page(at, seen);
      page = prefetch.valid() ? std::optional(prefetch.get()) : std::nullopt;
    }
    pipeline.finish();
  } catch (const update_failed_error&) {
    if (prefetch.valid()) prefetch.wait();
    throw;
  } catch (...) {
    if (prefetch.valid()) prefetch.wait();
    pipeline.abandon();
    throw;
  }
  return report;
}

}  // namespace migrate::fhir
