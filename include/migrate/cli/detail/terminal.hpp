// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Terminal detection and ANSI styling; every escape sequence the CLI writes comes from here.

#include <cstdio>
#include <string>
#include <string_view>

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli::detail {

inline bool is_terminal(std::FILE* stream) {
  int fd = stream ? ::fileno(stream) : -1;
  return fd >= 0 && ::isatty(fd) == 1;
}

inline std::size_t terminal_width(std::FILE* stream) {
  winsize size{};
  int fd = stream ? ::fileno(stream) : -1;
  if (fd >= 0 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col >= 20) return size.ws_col;
  return 80;
}

enum class tone { plain, bold, dim, red, green, yellow, cyan };

// Paints text in one tone, or leaves it alone when colour is off.
class painter {
 public:
  explicit painter(bool enabled = false) : enabled_(enabled) {}
  bool enabled() const noexcept { return enabled_; }
  std::string operator()(tone t, std::string_view text) const {
    if (!enabled_ || t == tone::plain) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code(t), text);
  }

 private:
  static std::string_view code(tone t) {
    switch (t) {
      case tone::bold: return "1";
      case tone::dim: return "2";
      case tone::red: return "31";
      case tone::green: return "32";
      case tone::yellow: return "33";
      case tone::cyan: return "36";
      case tone::plain: break;
    }
    return "0";
  }
  bool enabled_;
};

}  // namespace migrate::cli::detail
