// Times migrate against the raw SQLite C API doing the same work (each migration's SQL plus a version row,
// one transaction each), on fresh files, and prints medians and ratios. Not a test: nothing is asserted.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <migrate/migrate.hpp>

#include "bench_chain.hpp"

namespace {
using clock_type = std::chrono::steady_clock;

double median_ms(int repetitions, const std::function<void()>& prepare, const std::function<void()>& work) {
  std::vector<double> samples;
  for (int i = 0; i < repetitions; ++i) {
    prepare();
    auto start = clock_type::now();
    work();
    samples.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

void remove_database(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-migrate.lock"}) std::filesystem::remove(path + suffix);
}

// The raw client: what a hand-written runner does at the least.
void raw_upgrade(const std::string& path) {
  migrate::sqlite::store db(path);
  auto& s = db.session();
  s.execute_script("PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS versions (version TEXT PRIMARY KEY)");
  for (const auto& m : bench::registry::migrations()) {
    s.execute_script("BEGIN IMMEDIATE");
    s.execute_script(m.up_sql);
    s.execute("INSERT INTO versions (version) VALUES (?1)", m.revision);
    s.execute_script("COMMIT");
  }
}
// The floor: every migration's SQL and version row in one transaction, as `sqlite3 db < all.sql` inside
// BEGIN/COMMIT would run it; nothing a per-step runner can beat.
void floor_upgrade(const std::string& path) {
  migrate::sqlite::store db(path);
  auto& s = db.session();
  s.execute_script("PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS versions (version TEXT PRIMARY KEY)");
  s.execute_script("BEGIN IMMEDIATE");
  for (const auto& m : bench::registry::migrations()) {
    s.execute_script(m.up_sql);
    s.execute("INSERT INTO versions (version) VALUES (?1)", m.revision);
  }
  s.execute_script("COMMIT");
}
void raw_check(const std::string& path) {
  migrate::sqlite::store db(path);
  std::size_t rows = 0;
  db.session().for_each_row("SELECT version FROM versions", [&rows](const auto&) { ++rows; });
  if (rows != bench::registry::size) std::abort();
}
void raw_downgrade(const std::string& path) {
  migrate::sqlite::store db(path);
  auto& s = db.session();
  auto all = bench::registry::migrations();
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    s.execute_script("BEGIN IMMEDIATE");
    s.execute_script(it->down_sql);
    s.execute("DELETE FROM versions WHERE version = ?1", it->revision);
    s.execute_script("COMMIT");
  }
}

migrate::run_options quiet() { return {false, migrate::events{}}; }
}  // namespace

int main() {
  constexpr int repetitions = 5;
  auto dir = std::filesystem::temp_directory_path() / "migrate-runtime-benchmark";
  std::filesystem::create_directories(dir);
  auto path = (dir / "bench.db").string();
  auto fresh = [&] { remove_database(path); };
  auto nothing = [] {};

  double migrate_fresh = median_ms(repetitions, fresh, [&] {
    migrate::sqlite::store store(path);
    migrate::upgrade_all<bench::registry>(store, quiet());
  });
  double migrate_at_head = median_ms(repetitions, nothing, [&] {
    migrate::sqlite::store store(path);
    migrate::upgrade_all<bench::registry>(store, quiet());
  });
  double migrate_down = median_ms(
      repetitions,
      [&] {
        fresh();
        migrate::sqlite::store store(path);
        migrate::upgrade_all<bench::registry>(store, quiet());
      },
      [&] {
        migrate::sqlite::store store(path);
        migrate::migrator<bench::registry, migrate::sqlite::store>(store, quiet()).downgrade(migrate::target::base());
      });

  double migrate_single = median_ms(repetitions, fresh, [&] {
    migrate::sqlite::store store(path);
    migrate::upgrade_all<bench::registry>(store, migrate::run_options{true, migrate::events{}});
  });
  double migrate_fsync_each = median_ms(repetitions, fresh, [&] {
    migrate::sqlite::options every_step;
    every_step.sync_once_per_run = false;
    migrate::sqlite::store store(path, every_step);
    migrate::upgrade_all<bench::registry>(store, quiet());
  });
  double floor_fresh = median_ms(repetitions, fresh, [&] { floor_upgrade(path); });
  double raw_fresh = median_ms(repetitions, fresh, [&] { raw_upgrade(path); });
  double raw_at_head = median_ms(repetitions, nothing, [&] { raw_check(path); });
  double raw_down = median_ms(
      repetitions, [&] { fresh(); raw_upgrade(path); }, [&] { raw_downgrade(path); });
  remove_database(path);

  std::printf("chain_length %zu\n", bench::registry::size);
  std::printf("migrate.upgrade_fresh_ms %.2f\nraw.upgrade_fresh_ms %.2f\n", migrate_fresh, raw_fresh);
  std::printf("migrate.startup_at_head_ms %.2f\nraw.startup_at_head_ms %.2f\n", migrate_at_head, raw_at_head);
  std::printf("migrate.downgrade_base_ms %.2f\nraw.downgrade_base_ms %.2f\n", migrate_down, raw_down);
  std::printf("floor.upgrade_one_transaction_ms %.2f\n", floor_fresh);
  std::printf("migrate.upgrade_single_transaction_ms %.2f\n", migrate_single);
  std::printf("migrate.upgrade_fsync_each_step_ms %.2f\n", migrate_fsync_each);
}
