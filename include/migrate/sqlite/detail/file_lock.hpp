// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// A cross-process lock on a sidecar file with flock(2): the kernel drops it when the holder dies, even by kill -9,
// so a crashed runner can never wedge the next one.

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include <migrate/core/errors.hpp>
#include <migrate/core/detail/lock_wait.hpp>
#include <migrate/core/events.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::sqlite::detail {

class file_lock {
 public:
  file_lock() = default;
  file_lock(file_lock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  file_lock& operator=(file_lock&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  ~file_lock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
  }

  /// Takes an exclusive lock on `path`, waiting up to `timeout`; reports waiting through `sinks`. Having found it
  /// held, whenever it is free again after a run held it, it first asks `still_needed` (when given) under a shared
  /// lock, against which no run can hold the exclusive one; on false it returns a lock holding nothing.
  static file_lock acquire(const std::string& path, std::chrono::milliseconds timeout, const events& sinks,
                           const std::string& store_name,
                           const migrate::detail::still_needed_check& still_needed = {}) {
    file_lock lock;
    lock.fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock.fd_ < 0)
      throw store_error(fmt::format("cannot open lock file {}: {}", path, std::strerror(errno)));
    using migrate::detail::lock_try;
    // Waiters check under the shared lock all at once when the holder lets go, instead of taking the exclusive one
    // in turn only to find, one after another, that there is nothing left to do. The first look goes straight for
    // the exclusive lock, and a waiter checks once per run it saw holding the lock: starters checking again and
    // again, or checking as they arrive, would keep the shared lock held and starve the one with work to do.
    bool first_look = true;
    bool check_due = true;
    bool taken = migrate::detail::wait_for_lock(
        [&] {
          if (still_needed && !std::exchange(first_look, false)) {
            if (!lock.try_flock(LOCK_SH, path)) {
              check_due = true;  // a run holds it: once it lets go, what it did is worth a look
              return lock_try::busy;
            }
            bool needed = !std::exchange(check_due, false) || still_needed();
            ::flock(lock.fd_, LOCK_UN);
            if (!needed) return lock_try::not_needed;
          }
          return lock.try_flock(LOCK_EX, path) ? lock_try::taken : lock_try::busy;
        },
        timeout, sinks, store_name, fmt::format("to release {}", path));
    if (!taken) lock = file_lock();
    return lock;
  }

  bool held() const noexcept { return fd_ >= 0; }

 private:
  bool try_flock(int how, const std::string& path) const {
    while (::flock(fd_, how | LOCK_NB) != 0) {
      if (errno == EINTR) continue;
      if (errno == EWOULDBLOCK) return false;
      throw store_error(fmt::format("cannot lock {}: {}", path, std::strerror(errno)));
    }
    return true;
  }

  int fd_ = -1;
};

}  // namespace migrate::sqlite::detail
