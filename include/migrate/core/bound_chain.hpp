// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::bound_chain`: a registry's chain bound to one store type, as `basic_migrator` and the CLI run it.

#include <span>

#include <migrate/core/migration_info.hpp>
#include <migrate/core/detail/step_bindings.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// A chain as one store type runs it: the migrations with that store's texts and checksums, and the code
/// migrations' upgrade()/downgrade() bound to its session, by chain position (null for SQL migrations).
template <class Session>
struct bound_chain {
  using function = void (*)(Session&);
  std::span<const migration_info> migrations{};
  std::span<const function> upgrade{};
  std::span<const function> downgrade{};
};

/// `Registry` bound to `Store`: what `basic_migrator<Store>` runs. Fails to compile, naming the migration, when a
/// migration cannot run on the store.
template <class Registry, class Store>
constexpr bound_chain<typename Store::session_type> bind_chain() noexcept {
  using bindings = detail::step_bindings<Registry, typename Store::session_type, detail::text_choice_of<Store>()>;
  return {detail::migrations_on<Registry, Store>(), bindings::upgrade, bindings::downgrade};
}

}  // namespace migrate
