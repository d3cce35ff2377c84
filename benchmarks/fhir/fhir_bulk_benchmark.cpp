// FHIR bulk update, whole processes on one server: migrate's update_each (paged scan + pipelined batch Bundles),
// the origin tool's per-resource pattern (search by identifier + PUT, one resource at a time) and a Python script
// doing update_each's requests (bulk_peer.py). Every run flips `active` on every seeded Patient, so each contender
// writes all N each time; contenders alternate within each repetition and the medians are reported.
//
//   fhir_bulk_benchmark (--base URL | --endpoints FILE) [--counts 1000,5000] [--reps 5] [--page P] [--batch B]
//                       [--parallel K] [--peer bulk_peer.py] [--python /usr/bin/python3] [--out DIR] [--sample 250]
//     (the per-resource pattern takes a search + PUT per resource, tens of ms each on this server: each run times the
//      first --sample resources and scales the time to N)
//   fhir_bulk_benchmark ... --sweep [--counts ...] [--reps 3]  page x batch x parallel grid, update_each in-process
//   fhir_bulk_benchmark --run bulk|per-resource --base URL --system S --count N [--page P --batch B --parallel K]
//                                                                     one contender (what the driver times)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
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

#include <migrate/fhir.hpp>

extern char** environ;

namespace fhir = migrate::fhir;
using boost::json::object;

namespace {

struct settings {
  std::string base;
  std::vector<int> counts{1000, 5000};
  int reps = 5;
  std::size_t page = fhir::update_options{}.page_size;
  std::size_t batch = fhir::update_options{}.batch_size;
  std::size_t parallel = fhir::update_options{}.parallel_batches;
  std::string peer;
  std::string python = "/usr/bin/python3";
  std::string out;
  bool sweep = false;
  std::string run;  // a contender's own process
  std::string system;
  int count = 0;
  int sample = 250;  // per-resource: resources timed per run, scaled to N (its cost is linear: one search + PUT each)
};

std::string base_from_endpoints(const std::string& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return std::string(boost::json::parse(text.str()).at("fhir_base").as_string());
}

fhir::client make_client(const settings& s) {
  fhir::http_options options;
  options.max_connections = s.parallel + 1;  // the writers and the scan reading ahead
  return fhir::client(s.base, options);
}

std::string seed(fhir::client& client, int count) {
  const auto system = fmt::format("urn:bench:{:016x}", std::mt19937_64{std::random_device{}()}());
  fhir::bundle_builder batch;
  for (int i = 0; i < count; ++i) {
    batch.create(object{{"resourceType", "Patient"},
                        {"identifier", boost::json::array{object{{"system", system}, {"value", std::to_string(i)}}}}});
    if (batch.size() == 250 || i + 1 == count) {
      for (const auto& result : client.execute(batch)) result.throw_if_failed("seed");
      batch.clear();
    }
  }
  return system;
}

bool flip(object& patient) {
  auto* active = patient.if_contains("active");
  patient["active"] = !(active && active->is_bool() && active->get_bool());
  return true;
}

std::uint64_t run_bulk(const settings& s, fhir::client& client, const std::string& system) {
  fhir::update_options options;
  options.resource_type = "Patient";
  options.criteria = {{"identifier", system + "|"}};
  options.page_size = s.page;
  options.batch_size = s.batch;
  options.parallel_batches = s.parallel;
  return fhir::update_each(client, options, flip).updated;
}

std::uint64_t run_per_resource(fhir::client& client, const std::string& system, int count) {
  std::uint64_t updated = 0;
  for (int i = 0; i < count; ++i) {
    auto patient = client.find_by_identifier("Patient", system, std::to_string(i));
    if (!patient) throw std::runtime_error("a seeded Patient is missing");
    flip(*patient);
    client.update(*patient);
    ++updated;
  }
  return updated;
}

// Runs argv as a process; its wall time in ms. Throws when it fails.
double time_process(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  if (::posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0)
    throw std::runtime_error("cannot start " + argv[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error(argv[0] + " " + argv[1] + " failed");
  return ms;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

std::string self_path() {
  char buffer[4096];
  auto n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
}

int sweep(const settings& s) {
  fmt::print("# n\tpage\tbatch\tparallel\tmedian_ms\n");
  for (int n : s.counts) {
    auto seeder = make_client(s);
    const auto system = seed(seeder, n);
    for (std::size_t page : {250, 500, 1000, 2000})
      for (std::size_t batch : {100, 250, 500})
        for (std::size_t parallel : {1, 2, 4}) {
          auto run = s;
          run.page = page;
          run.batch = batch;
          run.parallel = parallel;
          auto client = make_client(run);
          std::vector<double> ms;
          for (int r = 0; r < s.reps; ++r) {
            auto start = std::chrono::steady_clock::now();
            if (run_bulk(run, client, system) != static_cast<std::uint64_t>(n)) throw std::runtime_error("missed some");
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
          }
          fmt::print("{}\t{}\t{}\t{}\t{:.0f}\n", n, page, batch, parallel, median(ms));
          std::fflush(stdout);
        }
  }
  return 0;
}

int compare(const settings& s) {
  const std::string self = self_path();
  auto knobs = [](const settings& c) {
    return std::vector<std::string>{"--page", std::to_string(c.page), "--batch", std::to_string(c.batch),
                                    "--parallel", std::to_string(c.parallel)};
  };
  const std::string per_resource = s.sample >= *std::max_element(s.counts.begin(), s.counts.end())
                                       ? "per-resource search + PUT"
                                       : fmt::format("per-resource search + PUT (first {}, scaled to N)", s.sample);
  std::vector<std::string> names{"migrate update_each", "python batched (same requests)", per_resource};
  std::map<std::pair<int, std::string>, std::vector<double>> times;
  for (int n : s.counts) {
    auto seeder = make_client(s);
    const auto system = seed(seeder, n);
    auto argv_of = [&](const std::string& name) -> std::vector<std::string> {
      if (name == names[0]) {
        auto a = std::vector<std::string>{self, "--run", "bulk", "--base", s.base, "--system", system,
                                          "--count", std::to_string(n)};
        auto k = knobs(s);
        a.insert(a.end(), k.begin(), k.end());
        return a;
      }
      if (name == names[1])
        return {s.python, s.peer, s.base, system, std::to_string(s.page), std::to_string(s.batch),
                std::to_string(s.parallel)};
      return {self, "--run", "per-resource", "--base", s.base, "--system", system, "--count",
              std::to_string(std::min(n, s.sample))};
    };
    for (int r = 0; r < s.reps; ++r) {
      auto order = names;
      if (r % 2) std::reverse(order.begin(), order.end());  // alternate who goes first
      for (const auto& name : order) {
        double ms = time_process(argv_of(name));
        if (name == names[2]) ms *= static_cast<double>(n) / std::min(n, s.sample);
        times[{n, name}].push_back(ms);
        std::fprintf(stderr, "N=%d rep %d %-32s %9.0f ms\n", n, r + 1, name.c_str(), ms);
      }
    }
  }
  std::string tsv = "# n\tcontender\tmedian_ms\tratio\n";
  std::string table = "| N | contender | median ms | × migrate's time |\n|---:|---|---:|---:|\n";
  for (int n : s.counts) {
    double ours = median(times[{n, names[0]}]);
    for (const auto& name : names) {
      double m = median(times[{n, name}]);
      tsv += fmt::format("{}\t{}\t{:.0f}\t{:.2f}\n", n, name, m, m / ours);
      table += fmt::format("| {} | {} | {:.0f} | {:.2f} |\n", n, name, m, m / ours);
    }
  }
  fmt::print("{}", table);
  if (!s.out.empty()) {
    std::ofstream(s.out + "/results.tsv") << tsv;
    std::ofstream(s.out + "/results-table.md") << fmt::format(
        "Page {}, batch {}, {} parallel; medians of {} whole-process runs per contender, alternating.\n\n{}", s.page,
        s.batch, s.parallel, s.reps, table);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  settings s;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (flag == "--base") s.base = value();
    else if (flag == "--endpoints") s.base = base_from_endpoints(value());
    else if (flag == "--counts") {
      s.counts.clear();
      std::stringstream list(value());
      for (std::string item; std::getline(list, item, ',');) s.counts.push_back(std::stoi(item));
    } else if (flag == "--reps") s.reps = std::stoi(value());
    else if (flag == "--page") s.page = std::stoul(value());
    else if (flag == "--batch") s.batch = std::stoul(value());
    else if (flag == "--parallel") s.parallel = std::stoul(value());
    else if (flag == "--peer") s.peer = value();
    else if (flag == "--python") s.python = value();
    else if (flag == "--out") s.out = value();
    else if (flag == "--sweep") s.sweep = true;
    else if (flag == "--run") s.run = value();
    else if (flag == "--system") s.system = value();
    else if (flag == "--count") s.count = std::stoi(value());
    else if (flag == "--sample") s.sample = std::max(1, std::stoi(value()));
  }
  if (s.base.empty()) {
    std::fprintf(stderr, "usage: fhir_bulk_benchmark (--base URL | --endpoints FILE) [options]; see the source\n");
    return 2;
  }
  try {
    if (s.run == "bulk" || s.run == "per-resource") {
      auto client = make_client(s);
      auto updated = s.run == "bulk" ? run_bulk(s, client, s.system) : run_per_resource(client, s.system, s.count);
      return updated == static_cast<std::uint64_t>(s.count) ? 0 : 1;
    }
    if (s.sweep) return sweep(s);
    if (s.peer.empty()) throw std::runtime_error("--peer bulk_peer.py is needed to compare");
    return compare(s);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fhir_bulk_benchmark: %s\n", e.what());
    return 1;
  }
}
