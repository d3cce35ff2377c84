// A runner to be killed with SIGKILL in the middle of a migration (see kill_test.cpp).
//
//   kill_worker <database file> transactional|whole-run|dirty
//
// Runs upgrade_all with concurrency_test::kill::registry (transactional slow 3rd migration; `whole-run` wraps the
// whole run in one transaction) or kill::dirty_registry (slow 3rd migration outside a transaction). The slow migration writes one byte to
// MIGRATE_TEST_SIGNAL_FD when it starts and then keeps inserting rows for MIGRATE_TEST_SLOW_MS.

#include <cstdio>
#include <exception>
#include <string_view>

#include "concurrency_registry.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: kill_worker <database file> transactional|whole-run|dirty\n");
    return 2;
  }
  try {
    migrate::sqlite::store store{argv[1]};
    migrate::run_options options{.single_transaction = std::string_view(argv[2]) == "whole-run", .sinks = {}};
    if (std::string_view(argv[2]) == "dirty")
      migrate::upgrade_all<concurrency_test::kill::dirty_registry>(store, std::move(options));
    else
      migrate::upgrade_all<concurrency_test::kill::registry>(store, std::move(options));
    std::printf("finished\n");
    return 0;
  } catch (const std::exception& failure) {
    std::fprintf(stderr, "kill_worker: %s\n", failure.what());
    return 1;
  }
}
