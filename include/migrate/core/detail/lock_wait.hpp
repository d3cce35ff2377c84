// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// The wait every store's lock shares: retry, say once that we wait, give up after the timeout; and the hook through
// which a waiter that finds the work done by the holder leaves without taking the lock.

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>

#include <fmt/format.h>

#include <migrate/core/errors.hpp>
#include <migrate/core/events.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {

/// "Is the run still needed?", asked by a waiting lock once another run has let go (see `rechecking_lock_store`).
using still_needed_check = std::function<bool()>;

/// A store whose `lock(sinks, still_needed)`, having found the lock held, calls `still_needed()` when it finds it
/// free again, before taking it (it may ask at its first look too: FHIR does, where the look is a GET and taking the
/// lease two PUTs); when that returns false it returns at once with a guard holding nothing. The migrator passes a
/// read of the state, so a starter that waited for a racing one leaves without queueing for the lock behind the
/// others, and reads nothing while another run writes.
template <class S>
concept rechecking_lock_store = requires(S& s, const events& sinks, const still_needed_check& still_needed) {
  s.lock(sinks, still_needed);
};

/// Milliseconds since `started`.
inline std::chrono::milliseconds waited_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
}

/// `errc::lock_timeout`: "gave up after N ms waiting for another migrate run <what>".
inline error lock_timeout_error(std::chrono::milliseconds waited, std::string_view what) {
  return error(errc::lock_timeout,
               fmt::format("gave up after {} ms waiting for another migrate run {}", waited.count(), what));
}

/// Pauses between tries for a lock that cannot wake its waiters: `first`, doubling up to `longest`, each pause
/// jittered by ±50% so that starters launched together do not all try in the same instant. The default (1 ms up to
/// 20 ms, for `wait_for_lock` on a file or advisory lock) notices the holder's release within about 20 ms / waiters,
/// and a try is one system call; the FHIR lease polls a server with its own bounds.
class backoff_pause {
 public:
  backoff_pause() = default;
  backoff_pause(std::chrono::microseconds first, std::chrono::microseconds longest) noexcept
      : first_(first), longest_(std::max(first, longest)), step_(first) {}

  /// Sleeps for the next pause, never longer than `left`.
  void operator()(std::chrono::microseconds left) {
    auto pause = step_ / 2 + std::chrono::microseconds(jitter() % static_cast<std::uint64_t>(step_.count() + 1));
    step_ = std::min(step_ * 2, longest_);
    std::this_thread::sleep_for(std::min(pause, left));
  }
  /// Starts again from the first, short pause (the lock changed hands: the new holder may be quick).
  void restart() noexcept { step_ = first_; }

 private:
  // A linear congruential generator seeded from the clock and this thread's address, which differ between starters
  // launched together; not <random>, which every TU that includes a store would parse (~0.3 s) for this one use.
  static std::uint64_t jitter() noexcept {
    thread_local std::uint64_t state = 0;
    if (state == 0)
      state = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
              reinterpret_cast<std::uintptr_t>(&state) ^ 1;
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  }
  std::chrono::microseconds first_{1000};
  std::chrono::microseconds longest_{20'000};
  std::chrono::microseconds step_{first_};
};

/// What one try of `wait_for_lock` found.
enum class lock_try {
  taken,       ///< the lock is ours
  busy,        ///< another run holds it
  not_needed,  ///< it was free, but the caller's run turned out to have nothing left to do: not taken
};

/// Calls `try_once()` (returning `bool` — taken or not — or `lock_try`) until the lock is taken or not needed, with
/// `pause(time left)` between tries (`backoff_pause` by default). Emits `lock_wait` when it first fails and
/// `lock_acquired` (with the time waited) once it succeeds after waiting; after `timeout` throws
/// `errc::lock_timeout`: "gave up after N ms waiting for another migrate run <what>". Returns whether it took it.
template <class TryOnce, class Pause = backoff_pause>
bool wait_for_lock(TryOnce try_once, std::chrono::milliseconds timeout, const events& sinks,
                   const std::string& store_name, std::string_view what, Pause pause = {}) {
  auto attempt = [&] {
    if constexpr (std::is_same_v<decltype(try_once()), bool>)
      return try_once() ? lock_try::taken : lock_try::busy;
    else
      return try_once();
  };
  auto started = std::chrono::steady_clock::now();
  auto waited_so_far = [started] { return waited_since(started); };
  bool waited = false;
  lock_try found;
  while ((found = attempt()) == lock_try::busy) {
    if (!waited) {
      sinks.emit(event{event_kind::lock_wait, {}, {}, {}, "another migrate run holds the lock; waiting", store_name});
      waited = true;
    }
    if (auto waiting = waited_so_far(); waiting >= timeout) throw lock_timeout_error(waiting, what);
    pause(timeout - waited_so_far());
  }
  if (found == lock_try::not_needed) return false;
  if (waited) sinks.emit(event{event_kind::lock_acquired, {}, {}, waited_so_far(), "lock acquired", store_name});
  return true;
}

}  // namespace migrate::detail
