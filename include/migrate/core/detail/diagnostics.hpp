// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// One class template per rule. Each is instantiated only when its rule is broken, so the compiler's
// "In instantiation of 'migrate::chain_error::<rule><Migration, ..., revision_text{"id"}>'" line names
// the culprit and the static_assert text says what to do.

#include <migrate/core/detail/chain_analysis.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {
template <class...>
inline constexpr bool always_false = false;
}

namespace migrate::inline MIGRATE_ABI_NAMESPACE::chain_error {

template <class Migration, detail::revision_text Revision>
struct empty_revision {
  static_assert(detail::always_false<Migration>,
                "migrate::registry: this migration's .revision is empty; give it an id (migrate-new generates one)");
};

template <class Migration, detail::revision_text Revision>
struct malformed_revision {
  static_assert(detail::always_false<Migration>,
                "migrate::registry: this migration's .revision is malformed; use " MIGRATE_REVISION_RULE);
};

template <class Migration, class FirstDeclaredBy, detail::revision_text Revision>
struct duplicate_revision {
  static_assert(detail::always_false<Migration>,
                "migrate::registry: two migrations declare the same .revision; give one of them a new id "
                "(migrate-new generates one) and fix the .revises that meant it");
};

template <class Migration, detail::revision_text DownRevision>
struct malformed_down_revision {
  static_assert(detail::always_false<Migration>,
                "migrate::registry: this migration's .revises holds a malformed revision id; use " MIGRATE_REVISION_RULE);
};

template <class Migration, detail::revision_text DownRevision>
struct duplicate_down_revision {
  static_assert(detail::always_false<Migration>,
                "migrate::registry: this migration's .revises names the same revision twice; list each parent once");
};

template <class Migration, detail::revision_text DownRevision>
struct missing_down_revision {
  static_assert(detail::always_false<Migration>,
                "migrate::registry: this migration's .revises names a revision that no migration in the registry "
                "declares; fix the id, or add the missing migration's header to the directory");
};

template <class Migration, detail::revision_text Revision>
struct no_root {
  static_assert(detail::always_false<Migration>,
                "migrate::registry: no migration is a root (one without .revises), so the chain has a cycle; the "
                "first migration of a chain must omit .revises");
};

template <class Migration, class OtherRoot, detail::revision_text Revision>
struct several_roots {
  static_assert(detail::always_false<Migration>,
                "migrate::registry: more than one root migration (without .revises); only the first migration of a "
                "chain may omit .revises, so point this one at the revision it follows");
};

template <class Migration, detail::revision_text Revision>
struct cycle {
  static_assert(detail::always_false<Migration>,
                "migrate::registry: the chain has a cycle through this migration; no migration may revise itself, "
                "directly or through others: fix the .revises that closes the loop");
};

template <class Migration, class OtherHead, detail::revision_text Revision>
struct several_heads {
  static_assert(detail::always_false<Migration>,
                "migrate::registry: the chain has two heads (two migrations revise the same parent, typically after a "
                "git merge); add a merge migration whose .revises names both heads: migrate-new --merge");
};

}  // namespace migrate::chain_error
