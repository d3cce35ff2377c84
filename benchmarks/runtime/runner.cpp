// One process, one run: `benchmark_runner sqlite|postgres <path-or-url> default|single_transaction [revision]`
// applies the benchmark chain (up to `revision`, else all of it) and exits 0 when the store ends there. The
// process-level benchmarks (run_postgres.sh, run_racing.sh, run_peers.sh) time whole invocations of it.
#include <cstdio>
#include <cstring>
#include <string>

#include <migrate/migrate.hpp>
#include <migrate/postgres/store.hpp>

#include "bench_chain.hpp"

namespace {
template <class Store>
int run(Store& store, bool single_transaction, const char* revision) {
  migrate::run_options options{single_transaction, migrate::events{}};
  if (!revision) {
    migrate::upgrade_all<bench::registry>(store, options);
    return store.load_state().size() == bench::registry::size ? 0 : 3;
  }
  migrate::migrator<bench::registry, Store>(store, options).upgrade(migrate::target::at(revision));
  auto state = store.load_state();
  return !state.empty() && state.back().revision == revision ? 0 : 3;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr, "usage: benchmark_runner sqlite|postgres <path-or-url> default|single_transaction [revision]\n");
    return 2;
  }
  bool single = std::strcmp(argv[3], "single_transaction") == 0;
  const char* revision = argc == 5 ? argv[4] : nullptr;
  try {
    if (std::strcmp(argv[1], "sqlite") == 0) {
      migrate::sqlite::store store(argv[2]);
      return run(store, single, revision);
    }
    migrate::postgres::store store(argv[2]);
    return run(store, single, revision);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "benchmark_runner: %s\n", e.what());
    return 1;
  }
}
