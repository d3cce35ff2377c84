// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Inline bodies of <migrate/core/events.hpp>; included at its end, and including it so this header stands alone.
#include <migrate/core/events.hpp>

#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include <migrate/core/detail/json_writer.hpp>
#include <migrate/core/detail/utc_time.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

MIGRATE_DECL event_sink text_sink(std::FILE* out) {
  return [out](const event& e) {
    // A step's start reads as what it does: "migrate: applying 2/5 3f2a9c1b7d4e add phone".
    if (e.kind == event_kind::step_started) {
      fmt::print(out, "migrate: {} {} {}\n", e.message, e.revision, e.description);
      std::fflush(out);
      return;
    }
    std::string line = fmt::format("migrate: {}", to_string(e.kind));
    if (!e.revision.empty()) line += fmt::format(" {}", e.revision);
    if (!e.description.empty()) line += fmt::format(" {}", e.description);
    if (e.kind == event_kind::applied || e.kind == event_kind::downgraded || e.kind == event_kind::lock_acquired ||
        e.kind == event_kind::run_finished)
      line += fmt::format(" ({} ms)", e.duration.count());
    if (!e.message.empty()) line += fmt::format(": {}", e.message);
    fmt::print(out, "{}\n", line);
    std::fflush(out);
  };
}

MIGRATE_DECL event_sink json_lines_sink(std::FILE* out) {
  return [out](const event& e) {
    detail::json_object json;
    json.add("event", to_string(e.kind))
        .add("at", detail::utc_timestamp(e.at, true))
        .add("store", e.store);
    if (!e.revision.empty()) json.add("revision", e.revision).add("description", e.description);
    json.add("duration_ms", static_cast<std::int64_t>(e.duration.count()));
    if (!e.message.empty()) json.add("message", e.message);
    fmt::print(out, "{}\n", json.str());
    std::fflush(out);
  };
}

}  // namespace migrate
