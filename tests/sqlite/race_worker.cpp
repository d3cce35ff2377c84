// One runner of the multi-process race (see race_test.cpp).
//
//   race_worker <database file>
//
// Prints "ready", blocks until stdin reaches EOF (the test's start barrier), then runs upgrade_all on the file
// and prints "applied N", "lock_wait N" and "lock_acquired N". Exits 0 on success, 1 (with the error on stderr)
// otherwise.

#include <cstdio>
#include <exception>

#include <unistd.h>

#include "concurrency_registry.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: race_worker <database file>\n");
    return 2;
  }
  std::printf("ready\n");
  std::fflush(stdout);
  char byte;
  while (::read(0, &byte, 1) > 0) {
  }  // the barrier: every worker wakes when the test closes the pipe's write end

  try {
    int lock_waits = 0, lock_acquired = 0;
    migrate::events sinks{[&](const migrate::event& e) {
      if (e.kind == migrate::event_kind::lock_wait) ++lock_waits;
      if (e.kind == migrate::event_kind::lock_acquired) ++lock_acquired;
    }};
    migrate::sqlite::store store{argv[1]};
    auto report = migrate::upgrade_all<concurrency_test::race::registry>(store, migrate::run_options{.sinks = sinks});
    std::printf("applied %zu\nlock_wait %d\nlock_acquired %d\n", report.steps.size(), lock_waits, lock_acquired);
    return 0;
  } catch (const std::exception& failure) {
    std::fprintf(stderr, "race_worker %d: %s\n", static_cast<int>(::getpid()), failure.what());
    return 1;
  }
}
