#pragma once
// Binds each code migration's upgrade()/downgrade() to a store's session type, in chain order.

#include <array>
#include <cstddef>
#include <string_view>

#include <migrate/core/detail/diagnostics.hpp>
#include <migrate/core/registry.hpp>
#include <migrate/core/store.hpp>

namespace migrate::detail {

// The facts the bindings check, without firing diagnostics (for `migrate::can_run_on`).
template <class M, class Session>
struct step_facts {
  static constexpr bool sql = is_sql_migration<M>;
  static constexpr bool has_upgrade = requires(Session& s) { M::upgrade(s); };
  static constexpr bool has_downgrade = requires(Session& s) { M::downgrade(s); };
  static constexpr bool session_runs_sql = requires(Session& s, std::string_view text) { s.execute_script(text); };
  static constexpr bool runs = sql ? session_runs_sql : has_upgrade && (has_downgrade != M::spec.irreversible);
};

template <class Registry, class Session>
inline constexpr bool registry_runs_on = false;
template <class... Ms, class Session>
inline constexpr bool registry_runs_on<registry<Ms...>, Session> = all_true({step_facts<Ms, Session>::runs...});

template <class M, class Session>
struct step_binding : step_facts<M, Session> {
  using facts = step_facts<M, Session>;
  using facts::has_downgrade, facts::has_upgrade, facts::session_runs_sql, facts::sql;

  static_assert(!sql || session_runs_sql,
                "migrate::migrator: this SQL migration cannot run on this store, whose session (see Session) cannot "
                "execute SQL; write it as a MIGRATE_CODE_MIGRATION");
  static_assert(sql || has_upgrade,
                "migrate::migrator: this code migration needs `static void upgrade(Session&)` accepting the store's "
                "session type (see Session)");
  static_assert(sql || has_downgrade || M::spec.irreversible,
                "migrate::migrator: this code migration has no `static void downgrade(Session&)`; write one, or "
                "declare .irreversible = true to say there is none");
  static_assert(sql || !(has_downgrade && M::spec.irreversible),
                "migrate::migrator: this code migration declares .irreversible = true and also a downgrade(); keep one");

  static void upgrade(Session& session) {
    if constexpr (!sql && has_upgrade) M::upgrade(session);
  }
  static void downgrade(Session& session) {
    if constexpr (!sql && has_downgrade) M::downgrade(session);
  }
};

template <class Registry, class Session>
struct step_bindings;

template <class... Ms, class Session>
struct step_bindings<registry<Ms...>, Session> {
  using function = void (*)(Session&);
  using reg = registry<Ms...>;

 private:
  static constexpr std::array<function, sizeof...(Ms)> in_chain_order(
      const std::array<function, sizeof...(Ms)>& declared) {
    std::array<function, sizeof...(Ms)> ordered{};
    for (std::size_t k = 0; k < sizeof...(Ms); ++k) ordered[k] = declared[reg::analysis.order[k]];
    return ordered;
  }

 public:
  static constexpr std::array<function, sizeof...(Ms)> upgrade =
      in_chain_order({&step_binding<Ms, Session>::upgrade...});
  static constexpr std::array<function, sizeof...(Ms)> downgrade =
      in_chain_order({&step_binding<Ms, Session>::downgrade...});
};

}  // namespace migrate::detail
