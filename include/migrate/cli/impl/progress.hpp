// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Inline bodies of <migrate/cli/progress.hpp>; included at its end, and including it so this header stands alone.
#include <migrate/cli/progress.hpp>

#include <fmt/format.h>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli {

inline progress_display::progress_display(std::FILE* stream, std::vector<expected_step> plan, bool colour)
    : stream_(stream),
      plan_(std::move(plan)),
      paint_(colour),
      width_(detail::terminal_width(stream)),
      total_(plan_.size()) {
  // Redraw a few times a second so the elapsed time moves while a long migration runs.
  ticker_ = std::jthread([this](std::stop_token stop) {
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested()) {
      wake_.wait_for(lock, stop, std::chrono::milliseconds(250), [] { return false; });
      if (active_ && !stop.stop_requested()) draw_locked();
    }
  });
}

inline progress_display::~progress_display() {
  ticker_.request_stop();
  ticker_.join();
  std::lock_guard lock(mutex_);
  clear_locked();
}

inline event_sink progress_display::sink() {
  return [this](const event& e) { on_event(e); };
}

inline void progress_display::print_above(const std::function<void()>& write) {
  std::lock_guard lock(mutex_);
  clear_locked();
  write();
  if (active_) draw_locked();
}

inline void progress_display::on_event(const event& e) {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  switch (e.kind) {
    case event_kind::run_started:
      active_ = true;
      done_ = 0;
      current_.clear();
      run_started_ = step_started_ = now;
      break;
    case event_kind::step_started:
      // The event names the step that really runs, even where another runner changed the plan.
      current_ = fmt::format("{} {} {}", e.message.starts_with("reverting") ? "reverting" : "applying", e.revision,
                             e.description);
      step_started_ = now;
      break;
    case event_kind::applied:
    case event_kind::downgraded: {
      // Another runner may have changed the plan since it was previewed; follow the events.
      std::size_t found = done_;
      while (found < plan_.size() && plan_[found].revision != e.revision) ++found;
      done_ = found < plan_.size() ? found + 1 : done_ + 1;
      if (done_ > total_) total_ = done_;
      step_started_ = now;
      break;
    }
    case event_kind::run_finished:
    case event_kind::failed:
      active_ = false;
      clear_locked();
      return;
    default: return;
  }
  if (active_) draw_locked();
}

inline std::string progress_display::line_locked() const {
  using seconds = std::chrono::duration<double>;
  auto now = std::chrono::steady_clock::now();
  std::string step_text;
  if (!current_.empty() && done_ < total_) {
    step_text = current_;
  } else if (done_ < plan_.size() && done_ < total_) {
    const auto& next = plan_[done_];
    step_text = fmt::format("{} {} {}", next.way == direction::up ? "applying" : "reverting", next.revision,
                            next.description);
  } else {
    step_text = "finishing";
  }
  auto counter = fmt::format("[{}/{}]", std::min(done_ + 1, total_), total_);
  auto times = fmt::format("({:.1f}s, {:.1f}s total)", seconds(now - step_started_).count(),
                           seconds(now - run_started_).count());
  // Keep to one terminal row, or every redraw would scroll.
  std::size_t room = width_ > counter.size() + times.size() + 3 ? width_ - counter.size() - times.size() - 3 : 0;
  if (step_text.size() > room) step_text = room > 3 ? step_text.substr(0, room - 3) + "..." : std::string();
  return fmt::format("{} {} {}", paint_(detail::tone::cyan, counter), step_text, paint_(detail::tone::dim, times));
}

inline void progress_display::draw_locked() {
  fmt::print(stream_, "\r\x1b[2K{}", line_locked());
  std::fflush(stream_);
  drawn_ = true;
}

inline void progress_display::clear_locked() {
  if (!drawn_) return;
  fmt::print(stream_, "\r\x1b[2K");
  std::fflush(stream_);
  drawn_ = false;
}

}  // namespace migrate::cli
