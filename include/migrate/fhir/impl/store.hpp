// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Inline bodies of <migrate/fhir/store.hpp>: reading state, the steps and what a failed step leaves.
// Included at its end, and including it so this header stands alone.
#include <migrate/fhir/store.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

inline std::vector<applied_migration> store::load_state() {
  std::lock_guard guard(mutex_);
  // Right after taking the lease, the answer to that If-Match write is the state as it stands: reading it again
  // would cost a waiter that finds everything applied a third request. A write landing in between is caught by
  // the If-Match of our next write.
  std::optional<boost::json::object> resource;
  if (holding_ && std::exchange(fresh_lease_, false) && !cache_.empty())
    resource = cache_;
  else if (!holding_ && polled_)
    resource = std::move(*std::exchange(polled_, std::nullopt));
  else
    resource = fetch();
  if (!resource) return {};
  auto doc = detail::read_state(*resource);
  if (holding_) {
    if (!doc.lock || doc.lock->owner != owner_)
      throw lose_lease(doc.lock ? fmt::format("{} holds it now", doc.lock->owner)
                                : std::string("it was removed from the resource"));
    cache_ = *resource;  // another tool (the origin one) may have written meanwhile; our writes build on this
  }
  normalize(doc);
  std::vector<applied_migration> rows;
  for (const auto& r : doc.rows) {
    bool resumable = options_.resume_checkpointed && r.row.in_progress && r.operation != "down" &&
                     doc.has_checkpoint(r.row.revision);
    if (!resumable) rows.push_back(r.row);
  }
  return rows;
}

inline void store::apply(const migration_info& m, const applied_migration& record, const step_body<session_type>& body) {
  using phase = step_progress::phase;
  progress(m, false, phase::not_started);
  // 1. The in-progress marker, before anything runs: a crash from here on leaves a visible dirty state.
  write([&](detail::state_document& doc) {
    normalize(doc);
    if (auto* existing = doc.find(m.revision)) {
      if (!existing->row.in_progress)
        throw store_error(fmt::format("migration {} is already recorded as applied on {} (another runner applied "
                                      "it); nothing was run",
                                      m.revision, describe()),
                          errc::concurrent_modification);
      if (!doc.has_checkpoint(m.revision)) doc.clear_checkpoints(m.revision);
      doc.erase(m.revision);  // an interrupted run resumed from its checkpoint
    }
    auto marker = record;
    marker.in_progress = true;
    doc.rows.push_back({std::move(marker), "up"});
    set_head(doc);
  });
  // 2. The migration itself.
  progress(m, false, phase::running);
  auto started = std::chrono::steady_clock::now();
  run_step(m, body);
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  // 3. Completed: the marker becomes the record, checkpoints go, code.coding[0].code moves to the new head.
  progress(m, false, phase::recording);
  write([&](detail::state_document& doc) {
    auto* row = doc.find(m.revision);
    if (!row)
      throw store_error(fmt::format("the in-progress marker of {} vanished from {}", m.revision, describe()),
                        errc::concurrent_modification);
    row->row = record;
    row->row.in_progress = false;
    row->row.execution_ms = took.count();
    row->operation.clear();
    doc.clear_checkpoints(m.revision);
    set_head(doc);
  });
  audit("0", "applied", m, {});
}

inline void store::revert(const migration_info& m, const step_body<session_type>& body) {
  using phase = step_progress::phase;
  progress(m, true, phase::not_started);
  write([&](detail::state_document& doc) {
    normalize(doc);
    auto* row = doc.find(m.revision);
    if (!row || row->row.in_progress)
      throw store_error(fmt::format("migration {} is not recorded as applied on {} (another runner reverted it?); "
                                    "nothing was run",
                                    m.revision, describe()),
                        errc::concurrent_modification);
    row->row.in_progress = true;
    row->operation = "down";
    set_head(doc);
  });
  progress(m, true, phase::running);
  run_step(m, body);
  progress(m, true, phase::recording);
  write([&](detail::state_document& doc) {
    doc.erase(m.revision);
    doc.clear_checkpoints(m.revision);
    set_head(doc);
  });
  audit("0", "downgraded", m, {});
}

inline void store::replace_state(std::vector<applied_migration> rows) {
  write([&](detail::state_document& doc) {
    doc.rows.clear();
    for (auto& row : rows) {
      bool in_progress = row.in_progress;
      doc.rows.push_back({std::move(row), in_progress ? "up" : ""});
    }
    doc.checkpoints.clear();
    doc.has_migrate_state = true;
    set_head(doc);
  });
}

inline std::string store::describe_failed_step(const migration_info& m) const {
  using phase = step_progress::phase;
  std::lock_guard guard(mutex_);
  const auto& step = failed_step_;
  const std::string state = reference();
  std::string parent = m.down_revisions.empty()        ? std::string("base")
                       : m.down_revisions.size() == 1 ? std::string(m.down_revisions.front())
                                                       : std::string("its parents");
  if (step.revision != m.revision || step.at == phase::not_started)
    return fmt::format("nothing of it ran and the state resource {} records nothing of it; run again once the cause "
                       "is fixed",
                       state);
  if (step.at == phase::recording)
    return step.down
               ? fmt::format("its downgrade completed, but recording that failed: the state resource {} still marks "
                             "{} as being reverted (dirty). Check its changes are undone, then `stamp {}`",
                             state, m.revision, parent)
               : fmt::format("the migration itself completed, but recording that failed: the state resource {} still "
                             "marks {} in progress (dirty). Check its changes are all there, then `stamp {}` and "
                             "`upgrade`",
                             state, m.revision, m.revision);
  if (step.resumable)
    return fmt::format("FHIR has no transactions: what it wrote before failing stays on the server, and it saved a "
                       "checkpoint in {}, so the next `upgrade` resumes it from there",
                       state);
  return step.down
             ? fmt::format("FHIR has no transactions: what its downgrade wrote before failing stays on the server, and "
                           "the state resource {} marks {} as being reverted (dirty), so runs stop until you recover: "
                           "inspect the server, then `stamp {}` if it is still fully applied, or `stamp {}` once its "
                           "changes are undone",
                           state, m.revision, m.revision, parent)
             : fmt::format("FHIR has no transactions: what it wrote before failing stays on the server, and the state "
                           "resource {} marks {} in progress (dirty), so runs stop until you recover: inspect the "
                           "server, then `stamp {}` if its changes are all there, or undo them and `stamp {}` (or, if "
                           "it is safe to run again, `stamp {}` and `upgrade` re-runs it)",
                           state, m.revision, m.revision, parent, parent);
}

static_assert(migrate::store<store> && migrate::chain_aware_store<store> && migrate::failure_describing_store<store>);

}  // namespace migrate::fhir
