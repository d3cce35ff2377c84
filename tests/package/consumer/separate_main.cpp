// A consumer built with MIGRATE_SEPARATE_COMPILATION: this file sees only the light <migrate/migrate.hpp> and
// <migrate/cli.hpp> (migrations, registry, upgrade_all, cli::run); migrate_src.cpp compiles the rest once. Migrates
// the SQLite file named on the command line through DATABASE_URL, as an application does at startup, then asks the
// CLI for its status. Exits non-zero on any surprise.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>

#include <migrate/cli.hpp>
#include <migrate/migrate.hpp>

#include "migrations.hpp"

static int fail(const std::string& what) {
  std::fprintf(stderr, "consumer-separate: FAILED: %s\n", what.c_str());
  return 1;
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "migrate") return migrate::cli::run<registry>(argc - 1, argv + 1);
  if (argc != 2) return fail("usage: consumer_separate <absolute database file> | migrate <command>");
  const std::string path = std::filesystem::absolute(argv[1]).string();
  try {
    for (auto suffix : {"", "-wal", "-shm", "-journal", "-migrate.lock"}) std::filesystem::remove(path + suffix);
    ::setenv("DATABASE_URL", ("sqlite:///" + path).c_str(), 1);
    auto first = migrate::upgrade_all<registry>(migrate::run_options{.sinks = {}});
    if (first.steps.size() != 2) return fail("expected 2 steps on a fresh database");
    if (first.to.size() != 1 || first.to.front() != "b2") return fail("expected the store at b2");
    if (!migrate::upgrade_all<registry>(migrate::run_options{.sinks = {}}).steps.empty())
      return fail("expected nothing to do on the second run");
    char program[] = "consumer_separate", status[] = "status";
    char* args[] = {program, status, nullptr};
    if (int code = migrate::cli::run<registry>(2, args); code != 0)
      return fail("`status` exited with " + std::to_string(code));
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  std::printf("consumer-separate: OK, %s migrated to b2\n", path.c_str());
  return 0;
}
