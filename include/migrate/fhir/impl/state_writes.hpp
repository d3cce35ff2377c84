// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Inline bodies of <migrate/fhir/store.hpp>: the state resource read as rows and written back — every write under
// If-Match, its outcome settled by the write nonce whatever the answer was.
// Included at the end of store.hpp, and including it so this header stands alone.
#include <migrate/fhir/store.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

inline void store::normalize(detail::state_document& doc) const {
  if (doc.has_migrate_state && doc.recorded_head == doc.code) return;
  if (doc.has_migrate_state && doc.recorded_head.empty() && doc.code == state_base_code) return;
  std::vector<detail::state_row> rows;
  const std::string& code = doc.code;
  if (!code.empty() && code != state_base_code) {
    auto position = chain_ ? chain_->find(code) : std::nullopt;
    if (position) {
      auto wanted = chain_->ancestors_of(*position);
      for (std::size_t i = 0; i < chain_->size(); ++i) {
        if (!wanted[i]) continue;
        const auto& m = (*chain_)[i];
        detail::state_row row{{std::string(m.revision), std::string(m.description), std::string(m.checksum),
                               i == *position ? doc.last_updated : std::string(), 0, false},
                              {}};
        if (auto* known = doc.find(m.revision); known && !known->row.in_progress) row.row = known->row;
        rows.push_back(std::move(row));
      }
    } else {
      rows.push_back({{code, "recorded by another tool", "", doc.last_updated, 0, false}, {}});
    }
  }
  doc.rows = std::move(rows);
  doc.has_migrate_state = true;
  doc.recorded_head = doc.code;
}

inline void store::set_head(detail::state_document& doc) const {
  std::vector<bool> is_head;
  if (chain_) {
    std::vector<bool> applied(chain_->size(), false);
    for (const auto& r : doc.rows)
      if (auto i = chain_->find(r.row.revision); i && !r.row.in_progress) applied[*i] = true;
    is_head.assign(chain_->size(), false);
    for (auto i : chain_->heads_of(applied)) is_head[i] = true;
  }
  std::string head, last;
  for (auto it = doc.rows.rbegin(); it != doc.rows.rend(); ++it) {
    if (it->row.in_progress) continue;
    if (last.empty()) last = it->row.revision;
    if (auto i = chain_ ? chain_->find(it->row.revision) : std::nullopt; i && is_head[*i]) {
      head = it->row.revision;
      break;
    }
  }
  if (head.empty()) head = last;
  doc.code = head;
  doc.recorded_head = doc.code;
}

inline store::put_outcome store::put_state(const boost::json::object& resource, const std::string& write_id) {
  auto reread = [&](const std::exception& failure) {
    try {
      return fetch();
    } catch (const std::exception& also) {
      throw store_error(fmt::format("{}; re-reading the migration state resource {} to see whether the write "
                                    "landed failed too ({}); check `status` before running again",
                                    failure.what(), describe(), also.what()));
    }
  };
  try {
    auto written = client_.update(resource);
    if (!written.resource.empty()) return {true, std::move(written.resource), {}};
  } catch (const version_conflict_error& conflict) {
    auto fresh = reread(conflict);
    if (!fresh)
      throw store_error(fmt::format("the migration state resource {} was deleted during the run", describe()),
                        errc::concurrent_modification);
    bool ours = detail::read_state(*fresh).write_id == write_id;
    return {ours, std::move(*fresh), conflict.what()};
  } catch (const std::exception& failure) {
    auto fresh = reread(failure);
    if (fresh && detail::read_state(*fresh).write_id == write_id) return {true, std::move(*fresh), {}};
    throw;
  }
  auto fresh = fetch();  // a 2xx without a body
  if (!fresh || detail::read_state(*fresh).write_id != write_id)
    throw store_error(fmt::format("the migration state resource {} does not show the write the server answered "
                                  "with success; check `status` before running again",
                                  describe()));
  return {true, std::move(*fresh), {}};
}

inline detail::state_document store::write(const std::function<void(detail::state_document&)>& change, bool heartbeat) {
  std::lock_guard guard(mutex_);
  check_lease();
  if (!holding_ || cache_.empty()) cache_ = fetch_or_create();
  for (int attempt = 0;; ++attempt) {
    auto doc = detail::read_state(cache_);
    if (holding_ && (!doc.lock || doc.lock->owner != owner_))
      throw lose_lease(doc.lock ? fmt::format("{} holds it now", doc.lock->owner)
                                : std::string("it was removed from the resource"));
    change(doc);
    doc.write_id = random_hex();
    const auto sent = std::chrono::steady_clock::now();
    if (holding_) renew(*doc.lock);
    auto resource = cache_;
    detail::write_state(resource, doc);
    auto put = put_state(resource, doc.write_id);
    if (put.landed) {
      cache_ = std::move(put.resource);
      if (holding_) renewed_at_ = sent;
      return detail::read_state(cache_);
    }
    auto fresh_doc = detail::read_state(put.resource);
    bool unchanged = detail::version_id_of(put.resource) == detail::version_id_of(cache_);
    if (unchanged && attempt < 3) {
      cache_ = std::move(put.resource);
      continue;
    }
    if (holding_ && (!fresh_doc.lock || fresh_doc.lock->owner != owner_))
      throw lose_lease(fresh_doc.lock ? fmt::format("{} took it over", fresh_doc.lock->owner)
                                      : std::string("another writer removed it"));
    if (heartbeat)
      throw lose_lease(fmt::format("another writer (the origin tool, or someone ignoring the lease) changed the "
                                   "resource while a step ran ({})",
                                   put.refusal));
    cache_ = std::move(put.resource);
    throw store_error(fmt::format("the migration state resource {} was changed by another writer while this run "
                                  "held it ({}); nothing was written. Check what changed it (`status`), then "
                                  "run again",
                                  reference(), put.refusal),
                      errc::concurrent_modification);
  }
}

}  // namespace migrate::fhir
