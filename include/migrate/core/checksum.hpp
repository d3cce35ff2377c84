// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Checksums of SQL migrations, computed at compile time and blind to line endings and a BOM.

#include <array>
#include <cstdint>
#include <string_view>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// A checksum as 16 lowercase hex digits.
using checksum_text = std::array<char, 16>;

namespace detail {
/// 64-bit FNV-1a of `text`, continuing from `seed` (the FNV offset basis by default).
constexpr std::uint64_t fnv1a(std::string_view text, std::uint64_t seed = 0xcbf29ce484222325ULL) noexcept {
  for (char c : text) seed = (seed ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return seed;
}
}  // namespace detail

/// 64-bit FNV-1a of `sql` after dropping a UTF-8 BOM and turning CRLF and lone CR into LF.
constexpr std::uint64_t sql_checksum(std::string_view sql) noexcept {
  if (sql.starts_with("\xEF\xBB\xBF")) sql.remove_prefix(3);
  std::uint64_t hash = 0xcbf29ce484222325ull;
  auto mix = [&hash](unsigned char byte) {
    hash ^= byte;
    hash *= 0x100000001b3ull;
  };
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '\r') {
      mix('\n');
      if (i + 1 < sql.size() && sql[i + 1] == '\n') ++i;
    } else {
      mix(static_cast<unsigned char>(sql[i]));
    }
  }
  return hash;
}

/// `sql_checksum(sql)` as 16 lowercase hex digits, as recorded in the store.
constexpr checksum_text sql_checksum_text(std::string_view sql) noexcept {
  constexpr char digits[] = "0123456789abcdef";
  std::uint64_t value = sql_checksum(sql);
  checksum_text text{};
  for (int i = 15; i >= 0; --i, value >>= 4) text[static_cast<std::size_t>(i)] = digits[value & 0xf];
  return text;
}

}  // namespace migrate
