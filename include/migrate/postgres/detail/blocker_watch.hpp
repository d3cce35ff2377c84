// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Which session a waiting step is queued behind: pg_blocking_pids() asked from a second connection while the
// step waits, because once PostgreSQL cancels the wait the step no longer waits for anyone.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <libpq-fe.h>

#include <migrate/postgres/detail/connection.hpp>
#include <migrate/postgres/session.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::postgres::detail {

/// A second connection to the same database, opened on first use, that tells what blocks another backend.
class lock_monitor {
 public:
  explicit lock_monitor(const connection_params& params) : params_(params) {}
  lock_monitor(const lock_monitor&) = delete;
  lock_monitor& operator=(const lock_monitor&) = delete;
  ~lock_monitor() {
    if (connection_) PQfinish(connection_);
  }

  /// "<mode> on relation <name>, held by pid N (application_name "a", <state>)", or "" when `pid` waits for
  /// nobody. The blockers' query text is left out: it may hold patient data.
  std::string blockers_of(int pid) {
    if (unavailable_) return "";
    if (!connection_) {
      unavailable_ = true;  // one failed connect (possibly a whole connect timeout) is enough
      connection_ = params_.connect();
      unavailable_ = false;
      PQsetNoticeProcessor(connection_, [](void*, const char*) {}, nullptr);
    }
    session monitor(connection_);
    std::string waits_for, held_by;
    monitor.for_each_row(
        "SELECT coalesce((SELECT l.mode || ' on ' || CASE WHEN l.locktype = 'relation' "
        "                 THEN 'relation ' || l.relation::regclass::text ELSE l.locktype END "
        "                 FROM pg_locks l WHERE l.pid = $1 AND NOT l.granted LIMIT 1), 'a lock'), "
        "       b.pid, coalesce(b.application_name, ''), coalesce(b.state, 'state unknown') "
        "FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids($1)) ORDER BY b.pid",
        [&](const row_view& row) {
          waits_for = row.text(0);
          held_by += fmt::format("{}pid {} (application_name \"{}\", {})", held_by.empty() ? "" : ", ",
                                 row.text(1), row.text(2), row.text(3));
        },
        pid);
    return held_by.empty() ? std::string() : fmt::format("{}, held by {}", waits_for, held_by);
  }

 private:
  const connection_params& params_;
  PGconn* connection_ = nullptr;
  bool unavailable_ = false;
};

/// While alive, asks `monitor` what blocks backend `pid` — first after `start_after`, then every `every` —
/// and keeps the last non-empty answer. Steps that finish sooner never touch the monitor.
class blocker_watch {
 public:
  blocker_watch(lock_monitor& monitor, int pid, std::chrono::milliseconds start_after,
                std::chrono::milliseconds every)
      : monitor_(monitor), pid_(pid), start_after_(start_after), every_(every), thread_([this] { watch(); }) {}
  blocker_watch(const blocker_watch&) = delete;
  blocker_watch& operator=(const blocker_watch&) = delete;
  ~blocker_watch() { finish(); }

  /// Stops watching; returns the last blockers seen ("" if none).
  std::string finish() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    return last_seen_;
  }

 private:
  void watch() {
    std::unique_lock lock(mutex_);
    auto stop = [this] { return stopped_; };
    if (wake_.wait_for(lock, start_after_, stop)) return;
    do {
      lock.unlock();
      std::string seen;
      try {
        seen = monitor_.blockers_of(pid_);
      } catch (const std::exception&) {
        // Knowing the blocker is a courtesy; the step's own error is what gets reported.
      }
      lock.lock();
      if (!seen.empty()) last_seen_ = std::move(seen);
    } while (!wake_.wait_for(lock, every_, stop));
  }

  lock_monitor& monitor_;
  int pid_;
  std::chrono::milliseconds start_after_;
  std::chrono::milliseconds every_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopped_ = false;
  std::string last_seen_;
  std::thread thread_;  // last: starts once everything it reads is initialised
};

}  // namespace migrate::postgres::detail
