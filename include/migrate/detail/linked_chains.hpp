// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// A registry bound to every store this build links, from the stores' forward headers only: what `upgrade_all` and
// the CLI hand to the code that opens a database URL, so that code is not a template on the registry (and, with
// MIGRATE_SEPARATE_COMPILATION, is compiled once, in <migrate/src.hpp>).

#include <cstddef>
#include <string>
#include <type_traits>

#include <migrate/core/bound_chain.hpp>
#include <migrate/core/dialect.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/registry.hpp>
#include <migrate/core/detail/step_bindings.hpp>
#include <migrate/detail/linked_stores.hpp>

// In an inline namespace named after the set of linked stores, as what uses it (migrate/detail/linked_stores.hpp).
namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {
inline namespace MIGRATE_STORE_SET {

/// A registry bound to one store's session, or why it cannot run on that store.
template <class Session>
struct linked_chain {
  bound_chain<Session> steps{};
  /// Set when the registry cannot run on the store: names the first migration that cannot, and why.
  std::string (*why_not)() = nullptr;
};

/// `Registry` bound to sessions of type `Session` with the texts of `Choice`; a migration that cannot run there makes
/// it a `why_not` instead of a compile error, as the store is chosen at run time.
template <class Registry, class Session, std::size_t Choice>
constexpr linked_chain<Session> link_chain() noexcept {
  if constexpr (registry_runs_on<Registry, Session, Choice>) {
    using bindings = step_bindings<Registry, Session, Choice>;
    return {{migrations_in<Registry, Choice>(), bindings::upgrade, bindings::downgrade}, nullptr};
  } else {
    return {{}, &why_cannot_run<Registry, Session, Choice>};
  }
}

/// A registry bound to each store this build links.
struct linked_chains {
  linked_chain<sqlite::session> sqlite{};
#if defined(MIGRATE_WITH_POSTGRES)
  linked_chain<postgres::session> postgres{};
#endif
#if defined(MIGRATE_WITH_FHIR)
  linked_chain<fhir::session> fhir{};
#endif

  /// The chain bound to `Session`, one of the linked stores' sessions.
  template <class Session>
  constexpr const linked_chain<Session>& on() const noexcept {
    if constexpr (std::is_same_v<Session, sqlite::session>) return sqlite;
#if defined(MIGRATE_WITH_POSTGRES)
    else if constexpr (std::is_same_v<Session, postgres::session>) return postgres;
#endif
#if defined(MIGRATE_WITH_FHIR)
    else if constexpr (std::is_same_v<Session, fhir::session>) return fhir;
#endif
    else static_assert(always_false<Session>, "migrate: not the session of a linked store");
  }

  /// The chain bound to `store`; `errc::bad_database_url`, naming the store and the first migration that cannot
  /// run on it, when the registry cannot run there.
  template <class Store>
  const bound_chain<typename Store::session_type>& steps_for(const Store& store) const {
    const auto& linked = on<typename Store::session_type>();
    if (linked.why_not)
      throw error(errc::bad_database_url,
                  store.describe() + " is not a store these migrations can run on: " + linked.why_not());
    return linked.steps;
  }
};

/// `Registry` bound to each linked store: SQLite's and PostgreSQL's texts, the portable texts for FHIR.
template <class Registry>
constexpr linked_chains linked_chains_of() noexcept {
  return {
      link_chain<Registry, sqlite::session, text_choice(dialect::sqlite)>(),
#if defined(MIGRATE_WITH_POSTGRES)
      link_chain<Registry, postgres::session, text_choice(dialect::postgresql)>(),
#endif
#if defined(MIGRATE_WITH_FHIR)
      link_chain<Registry, fhir::session, portable_text>(),
#endif
  };
}

}  // inline namespace MIGRATE_STORE_SET
}  // namespace migrate::detail
