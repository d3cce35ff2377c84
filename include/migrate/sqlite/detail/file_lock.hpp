#pragma once
// A cross-process lock on a sidecar file with flock(2): the kernel drops it when the holder dies, even by kill -9,
// so a crashed runner can never wedge the next one.

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include <migrate/core/errors.hpp>
#include <migrate/core/events.hpp>

namespace migrate::sqlite::detail {

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
    auto started = std::chrono::steady_clock::now();
    bool waited = false;
    while (::flock(lock.fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EINTR) continue;
      if (errno != EWOULDBLOCK)
        throw store_error(fmt::format("cannot lock {}: {}", path, std::strerror(errno)));
      auto waiting = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
      if (!waited) {
        sinks.emit(event{event_kind::lock_wait, {}, {}, {}, "another migrate run holds the lock; waiting", store_name});
        waited = true;
      }
      if (waiting >= timeout)
        throw migrate::error(errc::lock_timeout,
                    fmt::format("gave up after {} ms waiting for another migrate run to release {}", waiting.count(),
                                path));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (waited)
      sinks.emit(event{event_kind::lock_acquired, {}, {},
                       std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started),
                       "lock acquired", store_name});
    return lock;
  }

  bool held() const noexcept { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

}  // namespace migrate::sqlite::detail
