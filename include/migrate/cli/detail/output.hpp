// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Where one invocation writes, and how: streams, colour per stream, JSON or text, secrets scrubbed.

#include <cstdio>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <migrate/cli/command_line.hpp>
#include <migrate/cli/detail/redaction.hpp>
#include <migrate/cli/detail/terminal.hpp>
#include <migrate/cli/options.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli::detail {

struct output {
  std::FILE* out = stdout;
  std::FILE* err = stderr;
  painter out_paint;
  painter err_paint;
  bool json = false;
  bool progress = false;     // a live progress line on `err` is welcome
  secret_scrubber scrub;

  static output decide(const command_line& line, const options& opts) {
    output o;
    o.out = opts.out;
    o.err = opts.err;
    o.json = line.json;
    auto no_color = opts.environment ? opts.environment("NO_COLOR") : std::nullopt;
    bool colour_vetoed = no_color && !no_color->empty();
    auto colour_for = [&](std::FILE* stream) {
      if (line.json) return false;
      switch (line.colour) {
        case colour_choice::always: return true;
        case colour_choice::never: return false;
        case colour_choice::automatic: break;
      }
      return !colour_vetoed && opts.terminal.value_or(is_terminal(stream));
    };
    o.out_paint = painter(colour_for(o.out));
    o.err_paint = painter(colour_for(o.err));
    o.progress = !line.json && opts.terminal.value_or(is_terminal(o.err));
    return o;
  }

  /// Prints human text on `out` (never in JSON mode), without the URL's secrets.
  void text(std::string_view s) const {
    if (json) return;
    fmt::print(out, "{}", scrub.secrets_only(s));
    std::fflush(out);
  }
  /// Prints a note on `err` (never in JSON mode), scrubbed.
  void note(std::string_view s) const {
    if (json) return;
    fmt::print(err, "{}", scrub(s));
    std::fflush(err);
  }
};

}  // namespace migrate::cli::detail
