// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Revision ids: what makes one well-formed.

#include <cstddef>
#include <string_view>

/// The revision-id rule as a string literal, for `static_assert` messages (which must be literals) and migrate-new.
#define MIGRATE_REVISION_RULE "1 to 64 ASCII letters, digits, '_', '-' or '.'"

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// Longest revision id accepted.
inline constexpr std::size_t max_revision_length = 64;
static_assert(max_revision_length == 64, "MIGRATE_REVISION_RULE states the limit; change both together");

/// The revision-id rule in words, as the build's diagnostics and migrate-new say it.
inline constexpr std::string_view revision_rule = MIGRATE_REVISION_RULE;

/// What is wrong with a revision id.
enum class revision_flaw { none, empty, too_long, bad_character };

/// Whether `c` may appear in a revision id.
constexpr bool is_revision_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.';
}

/// The first flaw of `id` (emptiness, then length, then a character), or `none`.
constexpr revision_flaw find_revision_flaw(std::string_view id) noexcept {
  if (id.empty()) return revision_flaw::empty;
  if (id.size() > max_revision_length) return revision_flaw::too_long;
  for (char c : id)
    if (!is_revision_char(c)) return revision_flaw::bad_character;
  return revision_flaw::none;
}

/// True for 1 to 64 characters of ASCII letters, digits, `_`, `-` and `.` (`revision_rule`).
constexpr bool is_valid_revision(std::string_view id) noexcept { return find_revision_flaw(id) == revision_flaw::none; }

}  // namespace migrate
