// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// The wait every store's lock shares: retry, say once that we wait, give up after the timeout.

#include <chrono>
#include <string>
#include <string_view>
#include <thread>

#include <fmt/format.h>

#include <migrate/core/errors.hpp>
#include <migrate/core/events.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {

/// Milliseconds since `started`.
inline std::chrono::milliseconds waited_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
}

/// `errc::lock_timeout`: "gave up after N ms waiting for another migrate run <what>".
inline error lock_timeout_error(std::chrono::milliseconds waited, std::string_view what) {
  return error(errc::lock_timeout,
               fmt::format("gave up after {} ms waiting for another migrate run {}", waited.count(), what));
}

/// Pauses 20 ms between tries of `wait_for_lock` (a store that can be woken passes its own pause).
struct fixed_pause {
  void operator()(std::chrono::milliseconds) const { std::this_thread::sleep_for(std::chrono::milliseconds(20)); }
};

/// Calls `try_once()` until it returns true, with `pause(time left)` between tries (20 ms by default). Emits
/// `lock_wait` when it first fails and `lock_acquired` (with the time waited) once it succeeds after waiting; after
/// `timeout` throws `errc::lock_timeout`: "gave up after N ms waiting for another migrate run <what>".
template <class TryOnce, class Pause = fixed_pause>
void wait_for_lock(TryOnce try_once, std::chrono::milliseconds timeout, const events& sinks,
                   const std::string& store_name, std::string_view what, Pause pause = {}) {
  auto started = std::chrono::steady_clock::now();
  auto waited_so_far = [started] { return waited_since(started); };
  bool waited = false;
  while (!try_once()) {
    if (!waited) {
      sinks.emit(event{event_kind::lock_wait, {}, {}, {}, "another migrate run holds the lock; waiting", store_name});
      waited = true;
    }
    if (auto waiting = waited_so_far(); waiting >= timeout) throw lock_timeout_error(waiting, what);
    pause(timeout - waited_so_far());
  }
  if (waited) sinks.emit(event{event_kind::lock_acquired, {}, {}, waited_so_far(), "lock acquired", store_name});
}

}  // namespace migrate::detail
