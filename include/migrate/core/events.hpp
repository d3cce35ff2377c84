// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Audit events and where they go: human-readable text, JSON lines, or a callback.

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// What happened.
enum class event_kind {
  run_started,    ///< a run (upgrade, downgrade, stamp, reset) begins; message names the target
  lock_wait,      ///< another runner holds the lock; we are waiting
  lock_acquired,  ///< the lock is ours (duration = time waited)
  step_started,   ///< a migration starts; message says "applying 2/5" or "reverting 1/3"
  applied,        ///< a migration was applied
  failed,         ///< a migration failed and was rolled back; message holds the reason
  downgraded,     ///< a migration was reverted
  stamped,        ///< the state was set without running migrations
  reset,          ///< the state was forgotten without running migrations
  repaired,       ///< stamp/reset discarded records it would otherwise refuse to (unknown revisions, checksum drift)
  adopted,        ///< a database another tool managed was taken over without running anything
  run_finished,   ///< a run ended; message summarises it
  default_database,  ///< `DATABASE_URL` is unset, so `upgrade_all()` opens the embedded default; store names it
};

/// The name of an event kind as written in logs and JSON ("applied", "lock_wait", ...).
constexpr std::string_view to_string(event_kind kind) noexcept {
  switch (kind) {
    case event_kind::run_started: return "run_started";
    case event_kind::lock_wait: return "lock_wait";
    case event_kind::lock_acquired: return "lock_acquired";
    case event_kind::step_started: return "step_started";
    case event_kind::applied: return "applied";
    case event_kind::failed: return "failed";
    case event_kind::downgraded: return "downgraded";
    case event_kind::stamped: return "stamped";
    case event_kind::reset: return "reset";
    case event_kind::repaired: return "repaired";
    case event_kind::adopted: return "adopted";
    case event_kind::run_finished: return "run_finished";
    case event_kind::default_database: return "default_database";
  }
  return "unknown";
}

/// One audit event.
struct event {
  event_kind kind = event_kind::run_started;
  std::string revision{};              ///< empty for run-level events
  std::string description{};           ///< the migration's description
  std::chrono::milliseconds duration{};
  std::string message{};               ///< target, error text or summary
  std::string store{};                 ///< the store's description, free of secrets
  std::chrono::system_clock::time_point at = std::chrono::system_clock::now();
};

/// Receives events.
using event_sink = std::function<void(const event&)>;

/// The sinks a run reports to; with none, nothing is reported.
class events {
 public:
  events() = default;
  events(std::initializer_list<event_sink> sinks) : sinks_(sinks) {}

  /// Adds a sink; events go to every sink in the order added.
  events& add(event_sink sink) {
    sinks_.push_back(std::move(sink));
    return *this;
  }
  void emit(const event& e) const {
    for (const auto& sink : sinks_) sink(e);
  }
  bool empty() const noexcept { return sinks_.empty(); }

 private:
  std::vector<event_sink> sinks_;
};

/// A sink writing one human-readable line per event ("migrate: applied 3f2a9c1b7d4e add phone (12 ms)").
event_sink text_sink(std::FILE* out = stderr);
/// A sink writing one JSON object per line, for log shippers.
event_sink json_lines_sink(std::FILE* out);

}  // namespace migrate

// With MIGRATE_SEPARATE_COMPILATION the sinks are compiled once, by <migrate/src.hpp>.
#if !defined(MIGRATE_SEPARATE_COMPILATION)
#include <migrate/core/impl/events.hpp>
#endif
