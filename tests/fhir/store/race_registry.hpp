#pragma once
// Migrations shared by the multi-process tests (race_test.cpp) and their worker (race_worker.cpp), plus the
// small POSIX helpers those tests use to spawn, synchronise and reap workers.
//
// Every migration creates one Basic "effect" resource tagged with the state resource id, so a test counts how
// many times each migration really executed (nothing deduplicates them: a double application shows as two).

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <migrate/core.hpp>
#include <migrate/fhir/session.hpp>

namespace race_test {

inline constexpr std::string_view effect_system = "urn:migrate-test:race";

/// The state resource id the worker runs against (its first argument); the effects are tagged with it.
inline std::string& tag() {
  static std::string value;
  return value;
}

inline void record_execution(migrate::fhir::session& fhir, std::string_view revision) {
  fhir->create(boost::json::object{
      {"resourceType", "Basic"},
      {"code", boost::json::object{{"coding", boost::json::array{boost::json::object{{"system", effect_system},
                                                                                   {"code", tag()}}}},
                                   {"text", revision}}}});
}

/// Set by the worker in "crash" mode: the third migration announces itself and then hangs until killed.
inline bool& hang_in_third() {
  static bool value = false;
  return value;
}

MIGRATE_CODE_MIGRATION(first, .revision = "race0001", .description = "first") {
  static void upgrade(migrate::fhir::session& fhir) { record_execution(fhir, "race0001"); }
  static void downgrade(migrate::fhir::session&) {}
};
MIGRATE_CODE_MIGRATION(slow, .revision = "race0002", .revises = "race0001", .description = "slow") {
  static void upgrade(migrate::fhir::session& fhir) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    record_execution(fhir, "race0002");
  }
  static void downgrade(migrate::fhir::session&) {}
};
MIGRATE_CODE_MIGRATION(third, .revision = "race0003", .revises = "race0002", .description = "third (hangs in crash mode)") {
  static void upgrade(migrate::fhir::session& fhir) {
    record_execution(fhir, "race0003");
    if (hang_in_third()) {
      std::fputs("in-migration\n", stdout);
      std::fflush(stdout);
      std::this_thread::sleep_for(std::chrono::minutes(5));
    }
  }
  static void downgrade(migrate::fhir::session&) {}
};
MIGRATE_CODE_MIGRATION(fourth, .revision = "race0004", .revises = "race0003", .description = "fourth") {
  static void upgrade(migrate::fhir::session& fhir) { record_execution(fhir, "race0004"); }
  static void downgrade(migrate::fhir::session&) {}
};

using registry = migrate::registry<first, slow, third, fourth>;

// --- processes ---

struct child_process {
  pid_t pid = -1;
  int out = -1;  ///< read end of the child's stdout
};

struct pipe_pair {
  int read = -1, write = -1;
  pipe_pair() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    read = fds[0];
    write = fds[1];
  }
  void close_read() {
    if (read >= 0) ::close(read);
    read = -1;
  }
  void close_write() {
    if (write >= 0) ::close(write);
    write = -1;
  }
  ~pipe_pair() {
    close_read();
    close_write();
  }
};

/// Spawns `exe args...` with stdout on a pipe and, when given, `stdin_fd` as stdin.
inline child_process spawn_worker(const std::string& exe, const std::vector<std::string>& args, int stdin_fd = -1) {
  pipe_pair out;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out.write, STDOUT_FILENO);
  if (stdin_fd >= 0) posix_spawn_file_actions_adddup2(&actions, stdin_fd, STDIN_FILENO);
  std::vector<char*> argv{const_cast<char*>(exe.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error(fmt::format("cannot spawn {}: {}", exe, rc));
  child_process child{pid, out.read};
  out.read = -1;
  return child;
}

inline std::string read_line(int fd) {
  std::string line;
  char c;
  while (::read(fd, &c, 1) == 1) {
    line += c;
    if (c == '\n') break;
  }
  return line;
}

inline std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  return text;
}

inline int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

/// The number after "name " on its own line of `output`, or -1.
inline long field(const std::string& output, std::string_view name) {
  auto key = std::string(name) + " ";
  for (std::size_t at = 0; (at = output.find(key, at)) != std::string::npos; at += key.size())
    if (at == 0 || output[at - 1] == '\n') return std::strtol(output.c_str() + at + key.size(), nullptr, 10);
  return -1;
}

}  // namespace race_test
