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

  /// Takes an exclusive lock on `path`, waiting up to `timeout`; reports waiting through `sinks`.
  static file_lock acquire(const std::string& path, std::chrono::milliseconds timeout, const events& sinks,
                           const std::string& store_name) {
    file_lock lock;
    lock.fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock.fd_ < 0)
      throw store_error(fmt::format("cannot open lock file {}: {}", path, std::strerror(errno)));
    migrate::detail::wait_for_lock(
        [&] {
          while (::flock(lock.fd_, LOCK_EX | LOCK_NB) != 0) {
            if (errno == EINTR) continue;
            if (errno == EWOULDBLOCK) return false;
            throw store_error(fmt::format("cannot lock {}: {}", path, std::strerror(errno)));
          }
          return true;
        },
        timeout, sinks, store_name, fmt::format("to release {}", path));
    return lock;
  }

  bool held() const noexcept { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

}  // namespace migrate::sqlite::detail
