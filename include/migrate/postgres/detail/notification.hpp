// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Sleeping on a LISTENing connection until a NOTIFY arrives, so a waiting runner wakes when the lock is released.

#include <poll.h>

#include <algorithm>
#include <chrono>

#include <libpq-fe.h>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::postgres::detail {

/// Returns once a notification has arrived on `connection` (consumed and discarded) or `at_most` has passed.
/// Outside any transaction, so the wait holds no snapshot. A broken connection returns at once: the next
/// statement reports it.
inline void wait_for_notification(PGconn* connection, std::chrono::milliseconds at_most) {
  auto drained = [connection] {
    bool any = false;
    while (PGnotify* n = PQnotifies(connection)) {
      PQfreemem(n);
      any = true;
    }
    return any;
  };
  if (PQconsumeInput(connection) == 0 || drained()) return;
  pollfd socket{PQsocket(connection), POLLIN, 0};
  if (socket.fd < 0) return;
  ::poll(&socket, 1, static_cast<int>(std::max<std::chrono::milliseconds::rep>(at_most.count(), 0)));
  if (PQconsumeInput(connection) != 0) drained();
}

}  // namespace migrate::postgres::detail
