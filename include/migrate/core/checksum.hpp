// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Checksums of SQL migrations, computed at compile time and blind to line endings and a BOM.

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// A checksum as 16 lowercase hex digits.
using checksum_text = std::array<char, 16>;

namespace detail {
/// 64-bit FNV-1a of `text`, continuing from `seed` (the FNV offset basis by default).
constexpr std::uint64_t fnv1a(std::string_view text, std::uint64_t seed = 0xcbf29ce484222325ULL) noexcept {
  // Indexed through the pointer: a constant evaluation pays for each call, and a range-for over a string_view makes
  // several per character (the registry and the schema model hash every name they meet).
  const char* chars = text.data();
  for (std::size_t i = 0, n = text.size(); i < n; ++i)
    seed = (seed ^ static_cast<unsigned char>(chars[i])) * 0x100000001b3ULL;
  return seed;
}
}  // namespace detail

/// 64-bit FNV-1a of `sql` after dropping a UTF-8 BOM and turning CRLF and lone CR into LF.
constexpr std::uint64_t sql_checksum(std::string_view sql) noexcept {
  if (sql.starts_with("\xEF\xBB\xBF")) sql.remove_prefix(3);
  // One pass over the characters without a call per character: the checksums of a registry's texts are computed
  // while compiling, where every call costs the constant evaluators time and memory.
  std::uint64_t hash = 0xcbf29ce484222325ull;
  bool after_cr = false;
  for (char c : sql) {
    const auto byte = static_cast<unsigned char>(c);
    if (after_cr && byte == '\n') {
      after_cr = false;
      continue;
    }
    after_cr = byte == '\r';
    hash = (hash ^ (after_cr ? static_cast<unsigned char>('\n') : byte)) * 0x100000001b3ull;
  }
  return hash;
}

namespace detail {
template <std::size_t... I>
constexpr checksum_text hex_digits(std::uint64_t value, std::index_sequence<I...>) noexcept {
  constexpr char digits[] = "0123456789abcdef";
  return {digits[(value >> (4 * (15 - I))) & 0xf]...};
}
}  // namespace detail

/// `sql_checksum(sql)` as 16 lowercase hex digits, as recorded in the store.
constexpr checksum_text sql_checksum_text(std::string_view sql) noexcept {
  return detail::hex_digits(sql_checksum(sql), std::make_index_sequence<16>{});
}

}  // namespace migrate
