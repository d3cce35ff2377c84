// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Binds each code migration's upgrade()/downgrade() to a store's session type, in chain order (SQL migrations
// get none: the migrator runs their text), and checks that every SQL migration has text for the store's dialect.

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include <migrate/core/detail/diagnostics.hpp>
#include <migrate/core/dialect.hpp>
#include <migrate/core/registry.hpp>
#include <migrate/core/detail/session_traits.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::dialect_error {

// Instantiated only when broken, like migrate::chain_error: the compiler names the migration and the dialect.
template <class Migration, dialect Dialect>
struct no_sql_for_dialect {
  static_assert(detail::always_false<Migration>,
                "migrate::migrator: this SQL migration has no SQL for the store's dialect (see Dialect); give it a "
                "portable .up, or that dialect's own (e.g. .sqlite = {.up = \"...\", .down = \"...\"}), or run these "
                "migrations only on stores of the dialects they are written for (migrate::can_run_on)");
};

template <class Migration, class Session>
struct no_portable_sql {
  static_assert(detail::always_false<Migration>,
                "migrate::migrator: this SQL migration is written for some dialects only (.only, or SQL in dialect "
                "overrides only), and the store (see Session) declares none; give the store "
                "`static constexpr migrate::dialect sql_dialect`, or the migration a portable .up without .only");
};

}  // namespace migrate::dialect_error

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {

// The text a store runs: its dialect's, or the portable text when it declares none.
template <class Store>
constexpr std::size_t text_choice_of() noexcept {
  if constexpr (dialect_store<Store>) return text_choice(Store::sql_dialect);
  else return portable_text;
}

/// The migrations of `Registry` with the texts of `Choice` (a dialect's, or the portable ones).
template <class Registry, std::size_t Choice>
constexpr std::span<const migration_info> migrations_in() noexcept {
  if constexpr (Choice == portable_text) return Registry::migrations();
  else return Registry::template migrations_for<all_dialects[Choice]>();
}

/// The migrations of `Registry` with the SQL and checksums `Store` runs and records.
template <class Registry, class Store>
constexpr std::span<const migration_info> migrations_on() noexcept {
  return migrations_in<Registry, text_choice_of<Store>()>();
}

// The facts the bindings check, without firing diagnostics (for `migrate::can_run_on`).
template <class M, class Session, std::size_t Choice>
struct step_facts {
  static constexpr bool sql = is_sql_migration<M>;
  static constexpr bool has_upgrade = requires(Session& s) { M::upgrade(s); };
  static constexpr bool has_downgrade = requires(Session& s) { M::downgrade(s); };
  static constexpr bool session_runs_sql = detail::session_runs_sql<Session>::value;
  static constexpr bool has_text = !sql || detail::has_text<M, Choice>();
  static constexpr bool runs =
      sql ? session_runs_sql && has_text : has_upgrade && (has_downgrade != M::spec.irreversible);
};

// Whether M runs on the session; for a SQL migration without the class of facts (a registry asks it of every
// migration, and each class instantiated costs the compilers time and memory).
template <class M, class Session, std::size_t Choice>
inline constexpr bool step_runs = step_facts<M, Session, Choice>::runs;
template <class M, class Session, std::size_t Choice>
  requires is_sql_migration<M>
inline constexpr bool step_runs<M, Session, Choice> = session_runs_sql<Session>::value && has_text<M, Choice>();
template <class Registry, class Session, std::size_t Choice>
inline constexpr bool registry_runs_on = false;
template <class... Ms, class Session, std::size_t Choice>
inline constexpr bool registry_runs_on<registry<Ms...>, Session, Choice> =
    all_true({step_runs<Ms, Session, Choice>...});

/// "migration R (description)", as messages name a migration.
inline std::string named(const migration_info& m) {
  return "migration " + std::string(m.revision) + " (" + std::string(m.description) + ")";
}
/// "migration R (description) has no SQL for d; it is written for x only".
inline std::string no_sql_for(const migration_info& m, dialect d) {
  std::string has;
  for (auto x : all_dialects)
    if (m.dialects.contains(x)) (has += has.empty() ? "" : ", ") += to_string(x);
  return named(m) + " has no SQL for " + std::string(to_string(d)) + "; it is written for " + has + " only";
}

// The declared index of the first migration of a registry that cannot run on a session (its size when all can).
template <class Registry, class Session, std::size_t Choice>
inline constexpr std::size_t first_not_running = 0;
template <class... Ms, class Session, std::size_t Choice>
inline constexpr std::size_t first_not_running<registry<Ms...>, Session, Choice> = [] {
  constexpr bool runs[] = {step_runs<Ms, Session, Choice>..., true};
  std::size_t i = 0;
  while (i < sizeof...(Ms) && runs[i]) ++i;
  return i;
}();

/// Why `Registry` cannot run on sessions of type `Session` with the texts of `Choice`, naming the first migration
/// that cannot; empty when every one can.
template <class Registry, class Session, std::size_t Choice>
std::string why_cannot_run() {
  constexpr std::size_t declared = first_not_running<Registry, Session, Choice>;
  if constexpr (declared == Registry::size) {
    return {};
  } else {
    const migration_info& m = Registry::migrations()[Registry::chain_position(declared)];
    if (m.kind == migration_kind::code)
      return named(m) + " is C++ code whose upgrade() does not take this store's session";
    if (!session_runs_sql<Session>::value) return named(m) + " is SQL, and this store does not run SQL";
    if constexpr (Choice != portable_text) return no_sql_for(m, all_dialects[Choice]);
    return named(m) + " is written for some dialects only, and this store declares none";
  }
}

// Instantiates the diagnostic naming M when a session that runs SQL has no text for M; true otherwise.
template <class M, class Session, std::size_t Choice>
constexpr bool report_missing_text() {
  using facts = step_facts<M, Session, Choice>;
  if constexpr (!facts::sql || !facts::session_runs_sql || facts::has_text) return true;
  else if constexpr (Choice == portable_text) return sizeof(dialect_error::no_portable_sql<M, Session>) == 0;
  else return sizeof(dialect_error::no_sql_for_dialect<M, all_dialects[Choice]>) == 0;
}

template <class M, class Session, std::size_t Choice>
struct step_binding : step_facts<M, Session, Choice> {
  using facts = step_facts<M, Session, Choice>;
  using facts::has_downgrade, facts::has_upgrade, facts::session_runs_sql, facts::sql;
  // A member alias is instantiated with the class, firing the dialect diagnostic without an error of its own.
  using text_check = std::bool_constant<report_missing_text<M, Session, Choice>()>;

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

// What the migrator calls for one step of M: a code migration's bound upgrade()/downgrade(), nothing for a SQL
// migration (the migrator runs its text through the session, one function per store), so a registry of SQL
// migrations emits no function per migration. The binding class is instantiated either way: its checks fire.
template <class M, class Session, std::size_t Choice, bool Up>
constexpr auto step_function() noexcept -> void (*)(Session&) {
  using binding = step_binding<M, Session, Choice>;
  static_assert(sizeof(binding) > 0);
  if constexpr (binding::sql) return nullptr;
  else if constexpr (Up) return &binding::upgrade;
  else return &binding::downgrade;
}

template <class Registry, class Session, std::size_t Choice>
struct step_bindings;
// In declared order; a variable, not an expansion in step_bindings' functions (see view_entries).
template <class Session, std::size_t Choice, bool Up, class... Ms>
inline constexpr std::array<void (*)(Session&), sizeof...(Ms)> step_functions{
    step_function<Ms, Session, Choice, Up>()...};

template <class... Ms, class Session, std::size_t Choice>
struct step_bindings<registry<Ms...>, Session, Choice> {
  using function = void (*)(Session&);
  using reg = registry<Ms...>;

 private:
  // A registry of SQL migrations only binds nothing: no table of null functions (named after the registry) is emitted.
  static constexpr std::size_t count = all_true({is_sql_migration<Ms>...}) ? 0 : sizeof...(Ms);
  static constexpr std::array<function, count> in_chain_order(const std::array<function, sizeof...(Ms)>& declared) {
    std::array<function, count> ordered{};
    for (std::size_t k = 0; k < count; ++k) ordered[k] = declared[chain_order<reg>[k]];
    return ordered;
  }
  // The bindings' checks fire their diagnostics; when every migration is SQL that runs here, none can fire and
  // there is nothing to bind, so no class per migration is instantiated.
  template <bool Up>
  static constexpr std::array<function, count> bind() {
    if constexpr (count == 0 && registry_runs_on<reg, Session, Choice>) return {};
    else return in_chain_order(step_functions<Session, Choice, Up, Ms...>);
  }

 public:
  /// By chain position; null for SQL migrations; empty when every migration is SQL.
  static constexpr std::array<function, count> upgrade = bind<true>();
  static constexpr std::array<function, count> downgrade = bind<false>();
};

}  // namespace migrate::detail
