// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::migrator`: walks a verified registry against a store — plan, lock, apply, record, report.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <migrate/core/chain.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/events.hpp>
#include <migrate/core/plan.hpp>
#include <migrate/core/registry.hpp>
#include <migrate/core/report.hpp>
#include <migrate/core/run_options.hpp>
#include <migrate/core/store.hpp>
#include <migrate/core/validation.hpp>
#include <migrate/core/adoption.hpp>
#include <migrate/core/bound_chain.hpp>
#include <migrate/core/detail/exception_text.hpp>
#include <migrate/core/detail/lock_wait.hpp>
#include <migrate/core/detail/run_transaction.hpp>
#include <migrate/core/detail/state_edits.hpp>
#include <migrate/core/detail/step_bindings.hpp>
#include <migrate/core/detail/utc_time.hpp>
#include <migrate/core/detail/join.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// True when every migration of `Registry` can run on `Store` (code migrations accept its session, SQL migrations
/// have SQL for its dialect).
template <class Registry, class Store>
concept can_run_on = store<Store> &&
                     detail::registry_runs_on<Registry, typename Store::session_type, detail::text_choice_of<Store>()>;

/// Runs a chain bound to `Store` (`bound_chain`) against a store: plan, lock, apply, record, report.
/// `migrator<Registry, Store>` is this, bound to a registry; the code depends on the store type only, so it is
/// compiled once per store, whatever the registry, and no symbol spells out the registry.
template <store Store>
class basic_migrator {
 public:
  using session_type = typename Store::session_type;

  basic_migrator(Store& store, bound_chain<session_type> steps, run_options options = {})
      : store_(store), options_(std::move(options)), chain_(steps.migrations), steps_(steps) {
    if constexpr (chain_aware_store<Store>) store_.bind_chain(chain_.migrations());
  }

  /// The compiled chain.
  const chain& migrations() const noexcept { return chain_; }

  /// Applies pending migrations up to `to` (head, a revision, or +N).
  run_report upgrade(const target& to = target::head()) {
    return run("upgrade", to, [&](const std::vector<bool>& applied) { return plan_upgrade(chain_, applied, to); });
  }
  /// Reverts applied migrations down to `to` (base, a revision, or -N; one step by default).
  run_report downgrade(const target& to = target::relative(-1)) {
    return run("downgrade", to, [&](const std::vector<bool>& applied) { return plan_downgrade(chain_, applied, to); });
  }
  /// Records the store as being at `to` (a revision, head or base) without running anything; recovers dirty states.
  /// Refuses (errc::unknown_revision, errc::checksum_mismatch) to drop what `repair` does not allow.
  run_report stamp(const target& to, stamp_options repair = {}) {
    if (to.what == target::kind::relative) throw error(errc::invalid_target, "stamp takes a revision, head or base");
    auto started = std::chrono::steady_clock::now();
    [[maybe_unused]] auto guard = store_.lock(options_.sinks);
    auto before = store_.load_state();
    run_report report;
    report.from = current_heads(before);
    std::vector<bool> wanted(chain_.size(), false);
    if (to.what != target::kind::base && chain_.size() > 0)
      wanted = chain_.ancestors_of(to.what == target::kind::head ? *chain_.head() : chain_.resolve(to.revision));
    auto discarded = detail::check_discards(chain_, before, wanted, repair, "stamp", store_.describe());
    std::vector<applied_migration> rows;
    for (std::size_t i = 0; i < chain_.size(); ++i) {
      if (!wanted[i]) continue;
      auto row = detail::record_for(chain_[i], "stamp");
      for (const auto& old : before)
        if (old.revision == chain_[i].revision && !old.in_progress) {
          row.applied_at = old.applied_at;
          row.execution_ms = old.execution_ms;
          row.recorded_by = old.recorded_by;
        }
      rows.push_back(std::move(row));
    }
    if (rows != before) {
      prepare_for_changes();
      store_.replace_state(rows);
    }
    report.to = current_heads(rows);
    report.duration = elapsed_since(started);
    if (!discarded.empty()) emit(event_kind::repaired, {}, {}, {}, discarded);
    emit(event_kind::stamped, {}, {}, report.duration, fmt::format("state set to {}", describe_heads(report.to)));
    return report;
  }
  /// Forgets every recorded migration without running anything; refuses to forget unknown revisions unless asked.
  run_report reset(stamp_options repair = {}) {
    auto started = std::chrono::steady_clock::now();
    [[maybe_unused]] auto guard = store_.lock(options_.sinks);
    run_report report;
    auto before = store_.load_state();
    report.from = current_heads(before);
    auto discarded =
        detail::check_discards(chain_, before, std::vector<bool>(chain_.size(), false), repair, "reset", store_.describe());
    if (!before.empty()) {
      prepare_for_changes();
      store_.replace_state({});
    }
    report.duration = elapsed_since(started);
    if (!discarded.empty()) emit(event_kind::repaired, {}, {}, {}, discarded);
    emit(event_kind::reset, {}, {}, report.duration, "state forgotten; no migration was run");
    return report;
  }

  /// Takes over a database another tool manages (Alembic, golang-migrate, a Go runner, Flyway) without running
  /// anything: records every ancestor of its revision(s), marked `adopt:<tool>`, with the tool's own times where it
  /// kept them. Refuses, changing nothing, when the store already has migrate state, holds no foreign state, or the
  /// foreign state is dirty or unknown to this build.
  run_report adopt(const adopt_options& options = {}) {
    auto started = std::chrono::steady_clock::now();
    [[maybe_unused]] auto guard = store_.lock(options_.sinks);
    run_report report;
    auto before = store_.load_state();
    if (!before.empty())
      throw error(errc::invalid_state,
                  fmt::format("{} already has migrate state (at {}); adopt only takes over databases another tool "
                              "manages; nothing was changed",
                              store_.describe(), describe_heads(current_heads(before))));
    std::optional<foreign_state> foreign;
    if constexpr (adopting_store<Store>) foreign = store_.read_foreign_state();
    if (!foreign)
      throw error(errc::invalid_state,
                  fmt::format("{} holds no state of a tool migrate can adopt (Alembic, golang-migrate, a Go runner, "
                              "Flyway); for a database without one, `stamp` the revision its schema is at",
                              store_.describe()));
    auto rows = detail::adoption_rows(chain_, *foreign, options, store_.describe());
    prepare_for_changes();
    store_.replace_state(rows);
    if constexpr (adopting_store<Store>)
      if (options.drop_foreign) store_.drop_foreign_state(*foreign);
    report.to = current_heads(rows);
    report.duration = elapsed_since(started);
    emit(event_kind::adopted, {}, {}, report.duration,
         fmt::format("took over {}: {} revision(s) recorded, at {}; nothing was run; {}", foreign->describe(),
                     rows.size(), describe_heads(report.to),
                     options.drop_foreign ? "its table was dropped" : "its table was left as it was"));
    return report;
  }

  /// Where the store stands; reads only.
  status_report status() {
    auto state = store_.load_state();
    status_report status;
    status.findings = findings_about(state);
    for (const auto& f : status.findings) status.dirty = status.dirty || f.code == errc::dirty_state;
    status.current = current_heads(state);
    if (auto head = chain_.head()) status.head = std::string(chain_[*head].revision);
    for (const auto& row : state) status.applied += !row.in_progress && chain_.find(row.revision) ? 1 : 0;
    status.pending = chain_.size() - status.applied;
    return status;
  }
  /// Every migration of the chain (parents first) with what the store records about it.
  std::vector<history_entry> history() {
    auto state = store_.load_state();
    std::vector<bool> applied(chain_.size(), false);
    std::vector<history_entry> entries(chain_.size());
    for (std::size_t i = 0; i < chain_.size(); ++i) entries[i].migration = &chain_[i];
    for (const auto& row : state)
      if (auto i = chain_.find(row.revision)) {
        entries[*i].record = row;
        applied[*i] = !row.in_progress;
      }
    for (auto i : chain_.heads_of(applied)) entries[i].is_current = true;
    if (auto head = chain_.head()) entries[*head].is_head = true;
    return entries;
  }
  /// Every disagreement between store and chain; empty when the store can be migrated safely.
  std::vector<finding> verify() { return findings_about(store_.load_state()); }

 private:
  template <class Planner>
  run_report run(std::string_view verb, const target& to, Planner make_plan) {
    auto started = std::chrono::steady_clock::now();
    // A run with nothing to do leaves without the lock (see done_already): a store that can asks when it finds the
    // lock free after waiting for another run, which then reads nothing while that run writes; for any other store
    // the migrator looks once before locking.
    std::optional<run_report> left_early;
    if constexpr (!detail::rechecking_lock_store<Store>)
      if ((left_early = done_already(verb, to, make_plan, started))) return std::move(*left_early);
    [[maybe_unused]] auto guard = lock([&] { return !(left_early = done_already(verb, to, make_plan, started)); });
    if (left_early) return std::move(*left_early);
    // State is read only once the lock is ours: another runner may just have applied what we would.
    auto state = store_.load_state();
    if (state.empty()) refuse_unmanaged();
    auto applied = validate_state(chain_, state);
    auto steps = make_plan(applied);
    check_feasible(steps);

    run_report report;
    report.from = current_heads(state);
    announce(verb, to, steps.size());
    if (!steps.empty()) prepare_for_changes(steps);
    detail::run_transaction<Store> whole_run(store_, options_.single_transaction && !steps.empty());
    for (const auto& s : steps) {
      const auto& m = chain_[s.position];
      emit(event_kind::step_started, m.revision, m.description, {},
           fmt::format("{} {}/{}", s.way == direction::up ? "applying" : "reverting", report.steps.size() + 1,
                       steps.size()));
      auto step_started = std::chrono::steady_clock::now();
      try {
        if (s.way == direction::up)
          store_.apply(m, detail::record_for(m, "upgrade"), body(s));
        else
          store_.revert(m, body(s));
      } catch (...) {
        fail_step(m, whole_run, elapsed_since(step_started));
      }
      auto took = elapsed_since(step_started);
      applied[s.position] = s.way == direction::up;
      report.steps.push_back({std::string(m.revision), std::string(m.description), s.way, took});
      if (!whole_run.active())
        emit(s.way == direction::up ? event_kind::applied : event_kind::downgraded, m.revision, m.description, took, {});
    }
    if (whole_run.active()) {
      whole_run.commit();
      for (const auto& ran : report.steps)
        emit(ran.way == direction::up ? event_kind::applied : event_kind::downgraded, ran.revision, ran.description,
             ran.duration, "committed with the run");
    }
    report.to = heads_as_text(applied);
    return finished(std::move(report), started);
  }

  // The report of this run when the state, read without the lock, shows it has nothing to do: no finding at all (no
  // dirty, unknown or drifted row, no gap, state present) and an empty plan. It was true at the instant of that
  // one read — a SQL store reads its state in one statement, FHIR in one GET — so the run is complete as of then,
  // whatever runs later. Anything else (work to do, a finding, a target the plan refuses) goes the locked way,
  // which reads again under the lock and acts or reports there.
  template <class Planner>
  std::optional<run_report> done_already(std::string_view verb, const target& to, Planner& make_plan,
                                         std::chrono::steady_clock::time_point started) {
    auto state = store_.load_state();
    if (state.empty()) return std::nullopt;
    std::vector<bool> applied;
    try {
      applied = validate_state(chain_, state);
      if (!make_plan(applied).empty()) return std::nullopt;
    } catch (const error&) {  // a finding, or a target this state cannot reach: said under the lock
      return std::nullopt;
    }
    run_report report;
    report.from = current_heads(state);
    report.to = heads_as_text(applied);
    announce(verb, to, 0);
    return finished(std::move(report), started, " (nothing to do, seen without the lock)");
  }
  // The events that open and close every upgrade/downgrade run.
  void announce(std::string_view verb, const target& to, std::size_t steps) const {
    emit(event_kind::run_started, {}, {}, {}, fmt::format("{} to {} ({} step(s))", verb, to_string(to), steps));
  }
  run_report finished(run_report report, std::chrono::steady_clock::time_point started, std::string_view note = {}) const {
    report.duration = elapsed_since(started);
    emit(event_kind::run_finished, {}, {}, report.duration,
         fmt::format("{} step(s); at {}{}", report.steps.size(), describe_heads(report.to), note));
    return report;
  }
  // The store's lock; one that can (detail::rechecking_lock_store) asks `still_needed` whenever it finds it free.
  template <class StillNeeded>
  auto lock(StillNeeded still_needed) {
    if constexpr (detail::rechecking_lock_store<Store>)
      return store_.lock(options_.sinks, detail::still_needed_check(std::move(still_needed)));
    else
      return store_.lock(options_.sinks);
  }

  void check_feasible(const std::vector<step>& steps) const {
    for (const auto& s : steps) {
      const auto& m = chain_[s.position];
      if (s.way == direction::down && !m.reversible)
        throw error(errc::irreversible,
                    fmt::format("cannot downgrade through {} ({}): it is declared irreversible; nothing was run",
                                m.revision, m.description));
      if (options_.single_transaction && !m.in_transaction)
        throw error(errc::invalid_target,
                    fmt::format("migration {} must run outside a transaction, so it cannot be part of a "
                                "single-transaction run; nothing was run",
                                m.revision));
    }
    if (options_.single_transaction && !steps.empty() && !run_transaction_store<Store>)
      throw error(errc::invalid_target, fmt::format("store {} cannot wrap a whole run in one transaction; nothing was run",
                                                    store_.describe()));
  }

  step_body<session_type> body(const step& s) const {
    const auto& m = chain_[s.position];
    if (m.kind == migration_kind::sql) {
      if constexpr (sql_store<Store>) {
        std::string_view sql = s.way == direction::up ? m.up_sql : m.down_sql;
        return [sql](session_type& session) { session.execute_script(sql); };
      }
    }
    return s.way == direction::up ? steps_.upgrade[s.position] : steps_.downgrade[s.position];
  }

  void prepare_for_changes() {
    if constexpr (preparing_store<Store>) store_.prepare_for_changes();
  }
  // A store that must prepare a whole-run transaction for steps that rebuild tables (SQLite: foreign keys off) is
  // told so before the transaction begins.
  void prepare_for_changes(const std::vector<step>& steps) {
    prepare_for_changes();
    if constexpr (requires { store_.expect_table_rebuilds(); })
      if (options_.single_transaction &&
          std::any_of(steps.begin(), steps.end(), [&](const step& s) { return chain_[s.position].rebuilds_tables; }))
        store_.expect_table_rebuilds();
  }
  // Reports the step failing now (called from a catch block) and throws migration_failed_error with the original
  // exception nested; a failing rollback or event sink is added to the message, never raised instead.
  [[noreturn]] void fail_step(const migration_info& m, detail::run_transaction<Store>& whole_run,
                              std::chrono::milliseconds took) {
    auto failure = std::current_exception();
    auto cause = detail::describe_exception(failure);
    bool was_whole_run = whole_run.active();
    std::string left;
    errc code = errc::migration_failed;
    try {
      std::rethrow_exception(failure);
    } catch (const incomplete_step_error& e) {
      left = e.left();
    } catch (const error& e) {
      if (e.code() == errc::lost_lease || e.code() == errc::lock_timeout || e.code() == errc::concurrent_modification)
        code = e.code();
      left = describe_left(m, was_whole_run);
    } catch (...) {
      left = describe_left(m, was_whole_run);
    }
    if (auto also = whole_run.rollback(); !also.empty())
      left += fmt::format(" (rolling back the run failed too: {})", also);
    try {
      emit(event_kind::failed, m.revision, m.description, took, cause);
    } catch (...) {
      left += fmt::format(" (an event sink failed too: {})", detail::describe_exception(std::current_exception()));
    }
    auto message = fmt::format("migration {} ({}) failed: {}; {}", m.revision, m.description, cause, left);
    std::throw_with_nested(migration_failed_error(std::string(m.revision), cause, message, code));
  }
  std::string describe_left(const migration_info& m, bool whole_run) const {
    if (whole_run) return "the whole run was rolled back";
    if constexpr (failure_describing_store<Store>) return store_.describe_failed_step(m);
    return m.in_transaction ? "it was rolled back and nothing after it ran"
                            : "it ran outside a transaction, so the store is marked dirty";
  }

  // Refuses to run on a store that holds no migrate state but other things (tables, another tool's state).
  void refuse_unmanaged() {
    if constexpr (inspecting_store<Store>) {
      std::string contents = store_.unmanaged_contents();
      if (!contents.empty())
        throw error(errc::unmanaged_database, unmanaged_message(contents) + "; nothing was run");
    }
  }
  std::string unmanaged_message(const std::string& contents) {
    if constexpr (adopting_store<Store>)
      if (auto foreign = store_.read_foreign_state())
        return fmt::format("{} is managed by {}, not by this build ({}): running the migrations would repeat what "
                           "it applied. Take it over without running anything: `adopt` (docs/switching.md)",
                           store_.describe(), foreign->tool_name(), contents);
    return fmt::format("{} holds {} but no migrate state, so it is not managed by this build: running the migrations "
                       "would collide with what is there. Take it over without running anything: `stamp` the "
                       "revision its schema is at (docs: adopting an existing database)",
                       store_.describe(), contents);
  }
  std::vector<finding> findings_about(const std::vector<applied_migration>& state) {
    auto findings = inspect_state(chain_, state);
    if constexpr (inspecting_store<Store>)
      if (state.empty())
        if (auto contents = store_.unmanaged_contents(); !contents.empty())
          findings.push_back({errc::unmanaged_database, {}, unmanaged_message(contents)});
    return findings;
  }



  std::vector<std::string> current_heads(const std::vector<applied_migration>& state) const {
    std::vector<bool> applied(chain_.size(), false);
    std::vector<std::string> unknown;
    for (const auto& row : state) {
      if (auto i = chain_.find(row.revision))
        applied[*i] = !row.in_progress;
      else
        unknown.push_back(row.revision);
    }
    auto heads = heads_as_text(applied);
    heads.insert(heads.end(), unknown.begin(), unknown.end());
    return heads;
  }
  std::vector<std::string> heads_as_text(const std::vector<bool>& applied) const {
    std::vector<std::string> heads;
    for (auto i : chain_.heads_of(applied)) heads.emplace_back(chain_[i].revision);
    return heads;
  }
  static std::string describe_heads(const std::vector<std::string>& heads) {
    return heads.empty() ? std::string("base") : detail::join_text(heads, ", ");
  }
  static std::chrono::milliseconds elapsed_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  }
  void emit(event_kind kind, std::string_view revision, std::string_view description, std::chrono::milliseconds took,
            std::string message) const {
    options_.sinks.emit(event{kind, std::string(revision), std::string(description), took, std::move(message),
                              store_.describe()});
  }

  Store& store_;
  run_options options_;
  chain chain_;
  bound_chain<session_type> steps_;
};

/// Runs the migrations of `Registry` against `Store`.
template <class Registry, store Store>
class migrator : public basic_migrator<Store> {
  static_assert(is_registry_v<Registry>, "migrate::migrator<Registry, Store>: Registry must be a migrate::registry<...>");

 public:
  explicit migrator(Store& store, run_options options = {})
      : basic_migrator<Store>(store, bind_chain<Registry, Store>(), std::move(options)) {}
};

/// Upgrades `store` to the head of `Registry`; the call an application makes at startup.
template <class Registry, store Store>
run_report upgrade_all(Store& store, run_options options = {}) {
  return migrator<Registry, Store>(store, std::move(options)).upgrade();
}

}  // namespace migrate
