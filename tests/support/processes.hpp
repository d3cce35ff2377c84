#pragma once
// POSIX helpers for tests that run workers as separate processes (races, kill -9): spawn with pipes, read
// their output, reap them.

#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace migrate_test {

/// Both ends of a pipe, close-on-exec (a child gets an end only by an explicit dup2 onto 0 or 1).
struct pipe_pair {
  int read = -1, write = -1;
  pipe_pair() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    read = fds[0];
    write = fds[1];
  }
  pipe_pair(const pipe_pair&) = delete;
  pipe_pair& operator=(const pipe_pair&) = delete;
  ~pipe_pair() {
    close_read();
    close_write();
  }
  void close_read() {
    if (read >= 0) ::close(std::exchange(read, -1));
  }
  void close_write() {
    if (write >= 0) ::close(std::exchange(write, -1));
  }
};

/// A spawned worker: its pid and the read end of a pipe carrying its stdout.
struct child_process {
  pid_t pid = -1;
  int out = -1;
};

/// Spawns `exe args...` with stdout to a fresh pipe, stdin from `stdin_fd` (or inherited when -1),
/// stderr inherited, and `extra_env` ("NAME=value") appended to the environment.
inline child_process spawn_worker(const std::string& exe, const std::vector<std::string>& args, int stdin_fd = -1,
                                  const std::vector<std::string>& extra_env = {}) {
  pipe_pair out;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdin_fd >= 0) posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write, 1);

  std::vector<std::string> argv_text{exe};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::vector<std::string> env_text;
  for (char** e = environ; *e; ++e) env_text.emplace_back(*e);
  env_text.insert(env_text.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> envp;
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn " + exe + " failed: " + std::to_string(rc));
  out.close_write();
  child_process child{pid, out.read};
  out.read = -1;
  return child;
}

/// Reads up to and including the next '\n' (byte by byte: nothing past the line is consumed); "" on EOF.
inline std::string read_line(int fd) {
  std::string line;
  char c;
  while (true) {
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return line;
    line += c;
    if (c == '\n') return line;
  }
}

/// Reads until EOF.
inline std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

/// Waits for `pid` and returns its wait status.
inline int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

/// "NAME value" lines to the value of NAME, or -1 when absent.
inline long field(const std::string& output, std::string_view name) {
  std::string key = std::string(name) + ' ';
  for (std::size_t pos = 0; pos < output.size();) {
    auto end = output.find('\n', pos);
    if (end == std::string::npos) end = output.size();
    std::string_view line(output.data() + pos, end - pos);
    if (line.starts_with(key)) return std::atol(std::string(line.substr(key.size())).c_str());
    pos = end + 1;
  }
  return -1;
}

}  // namespace migrate_test
