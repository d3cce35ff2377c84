// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::cli::progress_display`: one live terminal line for a run of several migrations, fed by audit events.

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include <migrate/cli/detail/terminal.hpp>
#include <migrate/core/events.hpp>
#include <migrate/core/plan.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli {

/// A step a run is expected to take, so the display can name the migration in progress.
struct expected_step {
  std::string revision;
  std::string description;
  direction way = direction::up;
};

/// Draws "[2/5] applying 3f2a9c1b7d4e add phone (1.2s, 3.4s total)" on a terminal, redrawn while a step runs.
///
/// Feed it every event of the run through `sink()`; it starts drawing at `run_started` and clears its line at
/// `run_finished` or `failed`. Write other output through `print_above()` so the line is not torn.
/// Only meant for terminals: the caller decides (the CLI shows it when stderr is a terminal and not with --json).
class progress_display {
 public:
  progress_display(std::FILE* stream, std::vector<expected_step> plan, bool colour = false);
  progress_display(const progress_display&) = delete;
  progress_display& operator=(const progress_display&) = delete;
  ~progress_display();

  /// The sink to add to `run_options::sinks`; valid while this display lives.
  event_sink sink();
  /// Clears the line, runs `write` (which may print to any stream), then redraws.
  void print_above(const std::function<void()>& write);

 private:
  void on_event(const event& e);
  void draw_locked();
  void clear_locked();
  std::string line_locked() const;

  std::FILE* stream_;
  std::vector<expected_step> plan_;
  detail::painter paint_;
  std::size_t width_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool active_ = false;
  bool drawn_ = false;
  std::string current_;  // the step named by the latest step_started event
  std::size_t done_ = 0;
  std::size_t total_ = 0;
  std::chrono::steady_clock::time_point run_started_{};
  std::chrono::steady_clock::time_point step_started_{};
  std::jthread ticker_;
};

}  // namespace migrate::cli

#include <migrate/cli/impl/progress.hpp>
