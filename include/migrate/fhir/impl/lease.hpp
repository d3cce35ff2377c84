// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Inline bodies of <migrate/fhir/store.hpp>: the lease — taking it, judging one's own by the steady clock and a
// foreign one by its expires instant and a steady watch, the heartbeat, losing and releasing it.
// Included at the end of store.hpp, and including it so this header stands alone.
#include <migrate/fhir/store.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

namespace detail {
inline std::chrono::milliseconds first_lock_poll(const store_options& options) {
  const auto longest = std::max(options.lock_poll, std::chrono::milliseconds(1));
  return std::clamp(options.lock_first_poll, std::chrono::milliseconds(1), longest);
}
}  // namespace detail

// A foreign lease is free only when both hold: its `expires` instant has passed by our wall clock, and we have
// watched the resource go unchanged (no renewal) for its ttl + lock_poll by our steady clock. The second makes a
// waiter whose clock runs ahead harmless (the holder renews every ttl / 3 and stops itself, by its own steady
// clock, once ttl passes without a renewal); a waiter whose clock runs behind waits that much longer.
//
// Waiting re-reads after lock_first_poll, then twice as long each time up to lock_poll, each pause jittered by ±50%
// so waiters spread out. The pause starts short again whenever the lease changes hands: a holder that was itself
// waiting often finds everything applied and releases within a few requests, and the next waiter should notice.
inline store::lease_guard store::lock(const events& sinks, const migrate::detail::still_needed_check& still_needed) {
  using clock = std::chrono::steady_clock;
  auto started = clock::now();
  bool waited = false;
  std::string watched_version;
  std::string watched_owner;
  auto watched_since = started;
  migrate::detail::backoff_pause pause(detail::first_lock_poll(options_), options_.lock_poll);
  std::optional<boost::json::object> seen;  // the resource as a lost take left it: no need to read it again
  while (true) {
    boost::json::object resource;
    if (seen) {
      resource = std::move(*std::exchange(seen, std::nullopt));
    } else {
      std::lock_guard guard(mutex_);
      resource = fetch_or_create();
    }
    auto doc = detail::read_state(resource);
    auto version = detail::version_id_of(resource);
    if (version != watched_version) {
      watched_version = version;
      watched_since = clock::now();
    }
    auto now = std::chrono::system_clock::now();
    bool free = !doc.lock || doc.lock->owner == owner_;
    if (!free) {
      auto expires = detail::parse_utc(doc.lock->expires);
      std::chrono::milliseconds ttl{doc.lock->ttl_ms > 0 ? doc.lock->ttl_ms : options_.lease_ttl.count()};
      bool expired = !expires || *expires <= now;
      bool unrenewed = clock::now() - watched_since > ttl + options_.lock_poll;
      free = expired && unrenewed;
    }
    // Finding the lease free, ask first whether there is anything to do, from the resource just read: a start with
    // nothing to do then costs one GET, and 15 starters that waited for a racing one leave without a write instead
    // of taking and releasing the lease in turn (two PUTs each).
    if (free && still_needed) {
      {
        std::lock_guard guard(mutex_);
        polled_ = resource;  // what its load_state reads
      }
      auto forget = [this] {
        std::lock_guard guard(mutex_);
        polled_.reset();
      };
      bool needed = false;
      try {
        needed = still_needed();
      } catch (...) {
        forget();
        throw;
      }
      forget();
      if (!needed) return lease_guard();
    }
    if (free) {
      doc.lock = detail::lease{owner_, detail::utc_timestamp(now), {}, 0};
      renew(*doc.lock);
      doc.write_id = random_hex();
      detail::write_state(resource, doc);
      {
        std::lock_guard guard(mutex_);
        const auto sent = clock::now();
        auto put = put_state(resource, doc.write_id);
        if (!put.landed) {  // someone else wrote first: see who holds it now (put_state re-read it)
          seen = std::move(put.resource);
          continue;
        }
        cache_ = std::move(put.resource);
        holding_ = true;
        fresh_lease_ = true;
        renewed_at_ = sent;
        lost_reason_.clear();
      }
      start_heartbeat();
      if (waited)
        sinks.emit(event{event_kind::lock_acquired, {}, {},
                         std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started), "lock acquired",
                         describe()});
      return lease_guard(this);
    }
    if (!waited) {
      sinks.emit(event{event_kind::lock_wait, {}, {}, {},
                       fmt::format("{} holds the migration lease until {}; waiting", doc.lock->owner, doc.lock->expires),
                       describe()});
      waited = true;
    }
    auto elapsed = clock::now() - started;
    if (elapsed >= options_.lock_timeout)
      throw error(errc::lock_timeout,
                  fmt::format("gave up after {} ms waiting for the migration lease on {}: held by {} until {}; if that "
                              "runner crashed, its lease expires by itself",
                              options_.lock_timeout.count(), describe(), doc.lock->owner, doc.lock->expires));
    if (doc.lock->owner != watched_owner) {
      watched_owner = doc.lock->owner;
      pause.restart();
    }
    pause(std::chrono::duration_cast<std::chrono::microseconds>(options_.lock_timeout - elapsed));
  }
}

inline void store::check_lease() {
  if (!lost_reason_.empty()) throw lost_lease_error();
  if (!holding_) return;
  auto since = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - renewed_at_);
  if (since >= options_.lease_ttl)
    throw lose_lease(fmt::format("it was last renewed {} ms ago (by this host's steady clock), longer than "
                                 "lease_ttl ({} ms), so another runner may have taken it over",
                                 since.count(), options_.lease_ttl.count()));
}

inline store_error store::lose_lease(std::string reason) {
  lost_reason_ = std::move(reason);
  return lost_lease_error();
}

inline store_error store::lost_lease_error() const {
  return store_error(fmt::format("this run lost its lease on the migration state resource {}: {}; it stopped "
                                 "before its next write. Check `status` (the step that was running may be marked "
                                 "in progress) before running again",
                                 reference(), lost_reason_),
                     errc::lost_lease);
}

inline void store::renew(detail::lease& l) const {
  auto now = std::chrono::system_clock::now();
  l.expires = detail::utc_timestamp(now + options_.lease_ttl);
  l.ttl_ms = options_.lease_ttl.count();
}

inline void store::start_heartbeat() {
  if (!options_.heartbeat || options_.lease_ttl.count() <= 0) return;
  stop_heartbeat_ = false;
  heartbeat_ = std::thread([this] {
    auto period = std::max<std::chrono::milliseconds>(options_.lease_ttl / 3, std::chrono::milliseconds(50));
    std::unique_lock wait_lock(heartbeat_mutex_);
    while (!heartbeat_stop_.wait_for(wait_lock, period, [this] { return stop_heartbeat_; })) {
      wait_lock.unlock();
      try {
        write([](detail::state_document&) {}, true);  // a write renews the lease
      } catch (const error& e) {
        if (e.code() == errc::lost_lease) return;  // the run's next write throws it
      } catch (const std::exception&) {
        // transient; try again next period
      }
      wait_lock.lock();
    }
  });
}

inline void store::stop_heartbeat() {
  {
    std::lock_guard guard(heartbeat_mutex_);
    stop_heartbeat_ = true;
  }
  heartbeat_stop_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
}

inline void store::release_lease() noexcept {
  stop_heartbeat();
  try {
    std::lock_guard guard(mutex_);
    if (holding_) {
      for (int attempt = 0; attempt < 3; ++attempt) {
        auto doc = detail::read_state(cache_);
        if (!doc.lock || doc.lock->owner != owner_) break;
        doc.lock.reset();
        doc.write_id = random_hex();
        auto resource = cache_;
        detail::write_state(resource, doc);
        auto put = put_state(resource, doc.write_id);
        cache_ = std::move(put.resource);
        if (put.landed) break;
      }
    }
  } catch (...) {
    // The lease expires by itself.
  }
  std::lock_guard guard(mutex_);
  holding_ = false;
  fresh_lease_ = false;
  lost_reason_.clear();
  cache_.clear();
}

}  // namespace migrate::fhir
