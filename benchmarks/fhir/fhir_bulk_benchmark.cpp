// Per-resource search + PUT versus paged scan + batch bundles, both over If-Match-guarded writes.
//   fhir_bulk_benchmark (--base <fhir base URL> | --endpoints <endpoints.json>) [--count N] [--batch N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <migrate/fhir.hpp>

namespace fhir = migrate::fhir;
using boost::json::object;

namespace {

std::string base_from_endpoints(const std::string& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return std::string(boost::json::parse(text.str()).at("fhir_base").as_string());
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string seed(fhir::client& client, int count) {
  const auto system = fmt::format("urn:bench:{:016x}", std::mt19937_64{std::random_device{}()}());
  fhir::bundle_builder batch;
  for (int i = 0; i < count; ++i) {
    batch.create(object{{"resourceType", "Patient"},
                        {"identifier", boost::json::array{object{{"system", system}, {"value", std::to_string(i)}}}}});
    if (batch.size() == 100 || i + 1 == count) {
      for (const auto& result : client.execute(batch)) result.throw_if_failed("seed");
      batch.clear();
    }
  }
  return system;
}

}  // namespace

int main(int argc, char** argv) {
  std::string base;
  int count = 1000;
  std::size_t batch_size = 100;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i];
    if (flag == "--base") base = argv[i + 1];
    else if (flag == "--endpoints") base = base_from_endpoints(argv[i + 1]);
    else if (flag == "--count") count = std::atoi(argv[i + 1]);
    else if (flag == "--batch") batch_size = static_cast<std::size_t>(std::atoi(argv[i + 1]));
  }
  if (base.empty()) {
    std::fprintf(stderr, "usage: fhir_bulk_benchmark (--base URL | --endpoints FILE) [--count N] [--batch N]\n");
    return 2;
  }
  try {
    fhir::http_options options;
    options.max_connections = 5;
    fhir::client client(base, options);

    // Per resource: find each Patient by identifier, then PUT it back with If-Match.
    const auto per_resource_system = seed(client, count);
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < count; ++i) {
      auto patient = client.find_by_identifier("Patient", per_resource_system, std::to_string(i));
      if (!patient) throw std::runtime_error("seeded Patient not found");
      (*patient)["active"] = true;
      client.update(*patient);
    }
    const double per_resource = seconds_since(start);

    // Bulk: one paged scan, changes written back in batch bundles over parallel connections.
    const auto bulk_system = seed(client, count);
    fhir::update_options bulk;
    bulk.resource_type = "Patient";
    bulk.criteria = {{"identifier", bulk_system + "|"}};
    bulk.page_size = 100;
    bulk.batch_size = batch_size;
    bulk.parallel_batches = 4;
    start = std::chrono::steady_clock::now();
    auto report = fhir::update_each(client, bulk, [](object& patient) {
      patient["active"] = true;
      return true;
    });
    const double paged = seconds_since(start);
    if (report.updated != static_cast<std::uint64_t>(count)) throw std::runtime_error("bulk run missed resources");

    fmt::print("FHIR bulk benchmark: {} Patients on {}\n", count, client.base_url());
    fmt::print("  per-resource search + PUT:           {:8.3f} s\n", per_resource);
    fmt::print("  paged scan + batch bundles of {:<5} {:8.3f} s\n", batch_size, paged);
    fmt::print("  ratio:                               {:8.1f}x\n", per_resource / paged);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fhir_bulk_benchmark: %s\n", e.what());
    return 1;
  }
}
