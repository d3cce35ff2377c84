// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// The one interface every store (SQLite, PostgreSQL, FHIR server) implements.

#include <concepts>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/core/events.hpp>
#include <migrate/core/migration_info.hpp>
#include <migrate/core/state.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// The work of one step, run against the store's session.
template <class Session>
using step_body = std::function<void(Session&)>;

/// A place migrations are applied to and whose state is recorded.
///
/// - `describe()`: a name for messages and events; never contains a password or token.
/// - `lock(events)`: an RAII guard held for a whole run that excludes other processes; it emits
///   `event_kind::lock_wait` while it waits and throws `errc::lock_timeout` when it gives up.
/// - `load_state()`: the recorded migrations, in the order they were applied.
/// - `apply(m, record, body)`: runs `body` and records `record`. Where the store has transactions and
///   `m.in_transaction`, both happen atomically and an exception rolls both back. Otherwise the store
///   first records `record` with `in_progress = true`, runs `body`, then clears the flag: a failure or
///   crash leaves a visible dirty marker, never a claim that the migration completed.
/// - `revert(m, body)`: runs `body` and removes `m.revision`'s record, with the same atomicity rules.
/// - `replace_state(rows)`: sets the recorded state to `rows` without running anything (stamp, reset).
template <class S>
concept store = requires(S& s, const S& cs, const migration_info& m, const applied_migration& record,
                         std::vector<applied_migration> rows, const events& ev,
                         const step_body<typename S::session_type>& body) {
  typename S::session_type;
  { cs.describe() } -> std::convertible_to<std::string>;
  { s.lock(ev) };
  { s.load_state() } -> std::same_as<std::vector<applied_migration>>;
  { s.apply(m, record, body) } -> std::same_as<void>;
  { s.revert(m, body) } -> std::same_as<void>;
  { s.replace_state(std::move(rows)) } -> std::same_as<void>;
};

/// A store whose session can run SQL text (required by SQL migrations).
template <class S>
concept sql_store = store<S> && requires(typename S::session_type& session, std::string_view sql) {
  session.execute_script(sql);
};

/// A store that acts once before a run changes anything (the SQLite store takes its optional backup here),
/// so a failure there is the store's, never blamed on a migration.
template <class S>
concept preparing_store = store<S> && requires(S& s) { s.prepare_for_changes(); };

/// A store that wants the compiled chain before it reads state (the FHIR store expands the origin tool's
/// head-only record to "this revision and all its ancestors"); the migrator offers it on construction.
template <class S>
concept chain_aware_store = store<S> && requires(S& s, std::span<const migration_info> migrations) {
  s.bind_chain(migrations);
};

/// A store that can wrap a whole run in one transaction (`run_options::single_transaction`).
template <class S>
concept run_transaction_store = store<S> && requires(S& s) {
  s.begin_run_transaction();
  s.commit_run_transaction();
  s.rollback_run_transaction();
};

/// A store that, holding no migrate state, can say what else it holds: user tables, or another tool's state
/// ("Alembic's alembic_version at f8ff2ab1fdfa"). A non-empty answer makes runs refuse before anything executes
/// (errc::unmanaged_database) and `verify`/`status` report it; `stamp` (a baseline) stays allowed.
template <class S>
concept inspecting_store = store<S> && requires(S& s) {
  { s.unmanaged_contents() } -> std::convertible_to<std::string>;
};

/// A store that says what a failed step leaves behind when the generic wording ("rolled back and nothing after it
/// ran") would be false, e.g. a FHIR server without transactions: "the state resource is marked dirty; partial
/// writes may remain; inspect them, then `stamp`". The migrator appends it to `migration_failed_error`'s message.
template <class S>
concept failure_describing_store = store<S> && requires(const S& s, const migration_info& m) {
  { s.describe_failed_step(m) } -> std::convertible_to<std::string>;
};

}  // namespace migrate
