// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Writes SQL text at compile time: without a buffer it only measures; into a buffer of the measured size; or into a
// draft of fixed capacity, measuring what does not fit (known by `size > sql_draft_capacity`).

#include <cstddef>
#include <string_view>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema::detail {

/// Capacity of a `sql_draft`.
inline constexpr std::size_t sql_draft_capacity = 8192;
/// A buffer of fixed capacity to write a text of yet unknown size into.
struct sql_draft {
  char data[sql_draft_capacity]{};
};

struct sql_writer {
  char* out = nullptr;
  std::size_t size = 0;
  // Writing into a draft (it holds what fits; `size` counts all). An array indexed in place costs the constant
  // evaluators about half of what a write through a pointer does, and rendering is mostly character writes.
  sql_draft* draft = nullptr;

  constexpr sql_writer& operator<<(std::string_view text) {
    if (draft) {
      if (size + text.size() <= sql_draft_capacity)
        for (char c : text) draft->data[size++] = c;
      else
        size += text.size();
    } else if (out) {
      for (char c : text) out[size++] = c;
    } else {
      size += text.size();
    }
    return *this;
  }
  // A literal's length is its array's: a string_view built from a pointer would count its characters one by one in
  // the constant evaluator (char_traits::length), at every write and every measure.
  template <std::size_t N>
  constexpr sql_writer& operator<<(const char (&literal)[N]) {
    return *this << std::string_view(literal, N - 1);
  }
  constexpr sql_writer& operator<<(char c) {
    if (draft) {
      if (size < sql_draft_capacity) draft->data[size] = c;
    } else if (out) {
      out[size] = c;
    }
    ++size;
    return *this;
  }
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
