// Racing starters on one FHIR server: K processes released together each run upgrade_all on a fresh state resource
// (one applies the chain, the others wait for the lease, find everything applied and leave), against one process
// alone. Time is from the release (a closed pipe) to the last exit; process start-up happens before it. Medians of
// alternating runs; the ratio is K processes' time over one's.
//
//   fhir_race_benchmark (--base URL | --endpoints FILE) [--processes 16] [--reps 7] [--out DIR]
//   fhir_race_benchmark --worker <resource-id> <base-url>     (one starter; waits for stdin to close)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <migrate/fhir/store.hpp>

extern char** environ;

namespace {

std::string& tag() {
  static std::string value;
  return value;
}

// Ten small steps, each leaving one resource, as an application's chain at start-up might.
template <int I>
void leave_effect(migrate::fhir::session& fhir) {
  fhir->create(boost::json::object{
      {"resourceType", "Basic"},
      {"code", boost::json::object{{"coding", boost::json::array{boost::json::object{
                                                  {"system", "urn:migrate-bench:race"}, {"code", tag()}}}},
                                   {"text", fmt::format("step {}", I)}}}});
}

MIGRATE_CODE_MIGRATION(r01, .revision = "race01", .description = "1") { static void upgrade(migrate::fhir::session& f) { leave_effect<1>(f); } static void downgrade(migrate::fhir::session&) {} };
MIGRATE_CODE_MIGRATION(r02, .revision = "race02", .revises = "race01", .description = "2") { static void upgrade(migrate::fhir::session& f) { leave_effect<2>(f); } static void downgrade(migrate::fhir::session&) {} };
MIGRATE_CODE_MIGRATION(r03, .revision = "race03", .revises = "race02", .description = "3") { static void upgrade(migrate::fhir::session& f) { leave_effect<3>(f); } static void downgrade(migrate::fhir::session&) {} };
MIGRATE_CODE_MIGRATION(r04, .revision = "race04", .revises = "race03", .description = "4") { static void upgrade(migrate::fhir::session& f) { leave_effect<4>(f); } static void downgrade(migrate::fhir::session&) {} };
MIGRATE_CODE_MIGRATION(r05, .revision = "race05", .revises = "race04", .description = "5") { static void upgrade(migrate::fhir::session& f) { leave_effect<5>(f); } static void downgrade(migrate::fhir::session&) {} };
MIGRATE_CODE_MIGRATION(r06, .revision = "race06", .revises = "race05", .description = "6") { static void upgrade(migrate::fhir::session& f) { leave_effect<6>(f); } static void downgrade(migrate::fhir::session&) {} };
MIGRATE_CODE_MIGRATION(r07, .revision = "race07", .revises = "race06", .description = "7") { static void upgrade(migrate::fhir::session& f) { leave_effect<7>(f); } static void downgrade(migrate::fhir::session&) {} };
MIGRATE_CODE_MIGRATION(r08, .revision = "race08", .revises = "race07", .description = "8") { static void upgrade(migrate::fhir::session& f) { leave_effect<8>(f); } static void downgrade(migrate::fhir::session&) {} };
MIGRATE_CODE_MIGRATION(r09, .revision = "race09", .revises = "race08", .description = "9") { static void upgrade(migrate::fhir::session& f) { leave_effect<9>(f); } static void downgrade(migrate::fhir::session&) {} };
MIGRATE_CODE_MIGRATION(r10, .revision = "race10", .revises = "race09", .description = "10") { static void upgrade(migrate::fhir::session& f) { leave_effect<10>(f); } static void downgrade(migrate::fhir::session&) {} };
using registry = migrate::registry<r01, r02, r03, r04, r05, r06, r07, r08, r09, r10>;

int worker(const std::string& id, const std::string& base) {
  tag() = id;
  char c;
  while (::read(0, &c, 1) > 0) {
  }
  migrate::fhir::store_options options;  // the defaults an application gets, but for where
  options.base_url = base;
  options.resource_id = id;
  // For exploring the poll settings only: MIGRATE_BENCH_POLL="<first ms>,<longest ms>".
  if (const char* poll = std::getenv("MIGRATE_BENCH_POLL"); poll && *poll) {
    int first = 0, longest = 0;
    if (std::sscanf(poll, "%d,%d", &first, &longest) == 2) {
      options.lock_first_poll = std::chrono::milliseconds(first);
      options.lock_poll = std::chrono::milliseconds(longest);
    }
  }
  try {
    migrate::fhir::store store(options);
    migrate::upgrade_all<registry>(store, migrate::run_options{.sinks = {}});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "starter: %s\n", e.what());
    return 1;
  }
  return 0;
}

std::string base_from_endpoints(const std::string& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return std::string(boost::json::parse(text.str()).at("fhir_base").as_string());
}

// Starts `processes` starters blocked on one pipe, releases them, and returns ms until the last one exited.
double race(const std::string& self, const std::string& base, int processes) {
  const auto id = fmt::format("race-bench-{:016x}", std::mt19937_64{std::random_device{}()}());
  int go[2];
  if (::pipe(go) != 0) throw std::runtime_error("pipe");
  std::vector<pid_t> pids;
  for (int i = 0; i < processes; ++i) {
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_adddup2(&actions, go[0], 0);
    ::posix_spawn_file_actions_addclose(&actions, go[1]);
    std::vector<std::string> argv{self, "--worker", id, base};
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid = 0;
    if (::posix_spawn(&pid, self.c_str(), &actions, nullptr, args.data(), environ) != 0)
      throw std::runtime_error("cannot start a starter");
    ::posix_spawn_file_actions_destroy(&actions);
    pids.push_back(pid);
  }
  ::close(go[0]);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let them load and block on the pipe
  auto start = std::chrono::steady_clock::now();
  ::close(go[1]);
  bool ok = true;
  for (auto pid : pids) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!ok) throw std::runtime_error("a starter failed");
  return ms;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string base, out;
  int processes = 16, reps = 7;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--worker" && i + 2 < argc) return worker(argv[i + 1], argv[i + 2]);
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (flag == "--base") base = value();
    else if (flag == "--endpoints") base = base_from_endpoints(value());
    else if (flag == "--processes") processes = std::stoi(value());
    else if (flag == "--reps") reps = std::stoi(value());
    else if (flag == "--out") out = value();
  }
  if (base.empty()) {
    std::fprintf(stderr, "usage: fhir_race_benchmark (--base URL | --endpoints FILE) [--processes K] [--reps R]\n");
    return 2;
  }
  try {
    char buffer[4096];
    auto n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    const std::string self(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
    std::vector<double> one, many;
    for (int r = 0; r < reps; ++r) {
      if (r % 2 == 0) {
        one.push_back(race(self, base, 1));
        many.push_back(race(self, base, processes));
      } else {
        many.push_back(race(self, base, processes));
        one.push_back(race(self, base, 1));
      }
      std::fprintf(stderr, "rep %d: 1 starter %6.0f ms, %d starters %6.0f ms\n", r + 1, one.back(), processes,
                   many.back());
    }
    const double m1 = median(one), mk = median(many);
    fmt::print("racing starters on {}: 1 starter {:.0f} ms, {} starters {:.0f} ms, ratio {:.2f} (medians of {})\n", base,
               m1, processes, mk, mk / m1, reps);
    if (!out.empty())
      std::ofstream(out + "/race.tsv") << fmt::format(
          "# processes\tcontender\tmedian_ms\tratio\n1\tracing starters\t{:.0f}\t1.00\n{}\tracing starters\t{:.0f}\t{:.2f}\n",
          m1, processes, mk, mk / m1);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fhir_race_benchmark: %s\n", e.what());
    return 1;
  }
}
