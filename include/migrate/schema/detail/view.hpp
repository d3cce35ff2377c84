// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// What the schema fold reads its steps through (a registry's migrations, each one's operations, an opaque one's
// tables): std::span's reads without its constrained constructors, which GCC resolves over std::ranges' concepts the
// first time a unit builds or copies a span, and without its nested extent member, which every copy of a step
// carries (docs/compile-time.md, "A view instead of std::span").

#include <array>
#include <cstddef>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::schema::detail {

/// `count` objects at `first` (an aggregate: `view<T>{pointer, count}`; value-initialised: empty).
template <class T>
struct view {
  const T* first;
  std::size_t count;

  constexpr const T* data() const noexcept { return first; }
  constexpr std::size_t size() const noexcept { return count; }
  constexpr bool empty() const noexcept { return count == 0; }
  constexpr const T& operator[](std::size_t i) const noexcept { return first[i]; }
  constexpr const T* begin() const noexcept { return first; }
  constexpr const T* end() const noexcept { return first + count; }
};

/// The elements of a built-in array.
template <class T, std::size_t N>
constexpr view<T> view_of(const T (&elements)[N]) noexcept {
  return {elements, N};
}
/// The elements of a std::array.
template <class T, std::size_t N>
constexpr view<T> view_of(const std::array<T, N>& elements) noexcept {
  return {elements.data(), N};
}

}  // namespace migrate::schema::detail
