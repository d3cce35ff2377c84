// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Joining texts for messages. Not fmt::join: its formatter is a custom argument, which instantiates (and emits, at
// -O2) fmt's whole formatting engine in every translation unit that formats one (~14 KB of code per TU).

#include <iterator>
#include <string>
#include <string_view>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {

/// The texts in [first, last) separated by `separator`: "a, b, c".
template <class Iterator>
std::string join_text(Iterator first, Iterator last, std::string_view separator) {
  std::string out;
  for (auto i = first; i != last; ++i) {
    if (i != first) out += separator;
    out += std::string_view(*i);
  }
  return out;
}

/// The texts of `range` separated by `separator`.
template <class Range>
std::string join_text(const Range& range, std::string_view separator) {
  return join_text(std::begin(range), std::end(range), separator);
}

}  // namespace migrate::detail
