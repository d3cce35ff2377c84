#pragma once
/// Revision ids: what makes one well-formed.

#include <cstddef>
#include <string_view>

namespace migrate {

/// Longest revision id accepted.
inline constexpr std::size_t max_revision_length = 64;

/// True for 1 to 64 characters of ASCII letters, digits, `_`, `-` and `.`.
constexpr bool is_valid_revision(std::string_view id) noexcept {
  if (id.empty() || id.size() > max_revision_length) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace migrate
