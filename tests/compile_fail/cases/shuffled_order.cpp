// A chain with two merges, declared to the registry in shuffled order, verifies, and
// registry::migrations() comes back parents-first.
// expect: compiles
#include <cstddef>
#include <string_view>

#include <migrate/core/registry.hpp>

// root - a - b1 - b2 - m1 - c - d1 - m3 - e
//          \- c1 ------/     \- d2 -/
// (m1 merges b2 and c1; m3 merges d1 and d2)
#define STEP(name, id, ...) \
  MIGRATE_SQL_MIGRATION(name, .revision = id, __VA_ARGS__ .description = id, .up = "SELECT 1", .down = "SELECT 1")
STEP(root, "root", );
STEP(a, "a", .revises = "root",);
STEP(b1, "b1", .revises = "a",);
STEP(b2, "b2", .revises = "b1",);
STEP(c1, "c1", .revises = "a",);
STEP(m1, "m1", .revises = {"b2", "c1"},);
STEP(c, "c", .revises = "m1",);
STEP(d1, "d1", .revises = "c",);
STEP(d2, "d2", .revises = "c",);
STEP(m3, "m3", .revises = {"d1", "d2"},);
STEP(e, "e", .revises = "m3",);

using registry = migrate::registry<m3, c1, e, b2, root, d2, m1, a, d1, c, b1>;
static_assert(registry::verified);
static_assert(registry::size == 11);

constexpr std::size_t position(std::string_view id) {
  auto all = registry::migrations();
  for (std::size_t k = 0; k < all.size(); ++k)
    if (all[k].revision == id) return k;
  return all.size();
}
constexpr bool parents_first() {
  auto all = registry::migrations();
  for (std::size_t k = 0; k < all.size(); ++k)
    for (auto parent : all[k].down_revisions)
      if (position(parent) >= k) return false;
  return true;
}
static_assert(parents_first());
static_assert(registry::migrations().front().revision == "root");
static_assert(registry::migrations().back().revision == "e");
