// A consumer of the installed (or add_subdirectory'd) migrate: two SQL migrations applied to a
// fresh SQLite file with migrate::upgrade_all, then checked. Exits non-zero on any surprise.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

#include <migrate/migrate.hpp>

#include "migrations.hpp"

static_assert(registry::verified);

static int fail(const std::string& what) {
  std::fprintf(stderr, "consumer: FAILED: %s\n", what.c_str());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 2) return fail("usage: consumer <database file>");
  std::string path = argv[1];
  try {
    for (auto suffix : {"", "-wal", "-shm", "-journal", "-migrate.lock"}) std::filesystem::remove(path + suffix);
    migrate::sqlite::store store(path);
    auto first = migrate::upgrade_all<registry>(store);
    if (first.steps.size() != 2) return fail("expected 2 steps on a fresh database");
    if (first.to.size() != 1 || first.to.front() != "b2") return fail("expected the store at b2");
    auto second = migrate::upgrade_all<registry>(store);
    if (!second.steps.empty()) return fail("expected nothing to do on the second run");
    store.session().execute("INSERT INTO users(name, email) VALUES (?1, ?2)", "ada", "ada@example.org");
    auto state = store.load_state();
    if (state.size() != 2) return fail("expected 2 recorded migrations");
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  std::printf("consumer: OK, %s migrated to b2\n", path.c_str());
  return 0;
}
