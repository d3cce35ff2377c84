// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Writes SQL text at compile time: once without a buffer to measure, once into a buffer of that size.

#include <cstddef>
#include <string_view>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema::detail {

struct sql_writer {
  char* out = nullptr;
  std::size_t size = 0;

  constexpr sql_writer& operator<<(std::string_view text) {
    if (!out) {
      size += text.size();
      return *this;
    }
    for (char c : text) out[size++] = c;
    return *this;
  }
  constexpr sql_writer& operator<<(char c) { return *this << std::string_view(&c, 1); }
  constexpr sql_writer& operator<<(unsigned number) {
    char digits[10]{};
    std::size_t n = 0;
    do digits[n++] = static_cast<char>('0' + number % 10);
    while ((number /= 10) != 0);
    while (n > 0) *this << digits[--n];
    return *this;
  }
};

}  // namespace migrate::schema::detail
