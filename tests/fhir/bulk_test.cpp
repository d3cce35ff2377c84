// Paged scan + batch write-back on 1000 Patients, with conflicts and resume from a checkpoint; batches that span
// pages, and a batch failing mid-pipeline (through the fault proxy).
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <migrate/fhir/bulk.hpp>

#include "fhir_test_server.hpp"

using namespace migrate::fhir;
using boost::json::object;
using fhir_test::server;
using fhir_test::unique;

namespace {

/// Creates `count` Patients under a fresh identifier system (in batches) and returns the system.
std::string seed(client& fhir, int count) {
  const auto system = "urn:test:" + unique("bulk");
  bundle_builder batch;
  for (int i = 0; i < count; ++i) {
    batch.create(object{{"resourceType", "Patient"},
                        {"identifier", boost::json::array{object{{"system", system}, {"value", std::to_string(i)}}}}});
    if (batch.size() == 100 || i + 1 == count) {
      for (const auto& result : fhir.execute(batch)) REQUIRE(result.status == 201);
      batch.clear();
    }
  }
  return system;
}

update_options options_for(const std::string& system) {
  update_options options;
  options.resource_type = "Patient";
  options.criteria = {{"identifier", system + "|"}};
  options.page_size = 100;
  options.batch_size = 40;
  options.parallel_batches = 3;
  return options;
}

bool mark_active(object& resource) {
  if (auto* active = resource.if_contains("active"); active && active->is_bool() && active->get_bool()) return false;
  resource["active"] = true;
  return true;
}

}  // namespace

TEST_CASE("update_each rewrites 1000 Patients page by page in parallel batches") {
  auto http = fhir_test::fast_options();
  http.max_connections = 4;
  client fhir(server().fhir_base, http);
  const auto system = seed(fhir, 1000);

  auto options = options_for(system);
  std::vector<scan_checkpoint> checkpoints;
  options.on_page_done = [&](const scan_checkpoint& checkpoint) { checkpoints.push_back(checkpoint); };
  auto report = update_each(fhir, options, mark_active);

  CHECK(report.scanned == 1000);
  CHECK(report.updated == 1000);
  CHECK(report.unchanged == 0);
  CHECK(report.conflicts.empty());
  REQUIRE(checkpoints.size() == 10);
  CHECK(checkpoints.back().finished());
  CHECK(checkpoints.back().resources == 1000);
  CHECK(report.checkpoint == checkpoints.back());

  std::size_t active = 0;
  scan_each(fhir, "Patient", options.criteria, 250, [&](const object& resource) {
    if (resource.at("active").as_bool()) ++active;
  });
  CHECK(active == 1000);

  // A second run finds nothing to change.
  auto again = update_each(fhir, options_for(system), mark_active);
  CHECK(again.updated == 0);
  CHECK(again.unchanged == 1000);
}

TEST_CASE("a concurrent edit is reported as a conflict, not overwritten") {
  client fhir(server().fhir_base);
  client other(server().fhir_base);
  const auto system = seed(fhir, 30);
  auto options = options_for(system);
  options.page_size = 10;
  options.batch_size = 5;

  std::string victim;
  auto report = update_each(fhir, options, [&](object& resource) {
    if (victim.empty()) {
      // Another writer changes this Patient after we read it and before our batch writes it.
      victim = std::string(resource.at("id").as_string());
      auto theirs = other.read("Patient", victim);
      theirs["gender"] = "other";
      other.update(theirs);
    }
    return mark_active(resource);
  });

  CHECK(report.updated == 29);
  REQUIRE(report.conflicts.size() == 1);
  CHECK(report.conflicts.front().reference == "Patient/" + victim);
  CHECK(report.conflicts.front().status == 412);
  auto kept = fhir.read("Patient", victim);
  CHECK(kept.at("gender").as_string() == "other");
  CHECK_FALSE(kept.contains("active"));
}

TEST_CASE("a crashed run resumes from its last checkpoint") {
  client fhir(server().fhir_base);
  const auto system = seed(fhir, 50);
  auto options = options_for(system);
  options.page_size = 10;
  options.batch_size = 10;

  std::optional<std::string> saved;  // what a store would persist, as text
  options.on_page_done = [&](const scan_checkpoint& checkpoint) {
    saved = checkpoint.to_json();
    if (checkpoint.pages == 2) throw std::runtime_error("simulated crash after page 2");
  };
  CHECK_THROWS_WITH(update_each(fhir, options, mark_active), "simulated crash after page 2");
  REQUIRE(saved.has_value());

  auto resumed_options = options_for(system);
  resumed_options.page_size = 10;
  resumed_options.resume_from = scan_checkpoint::from_json(*saved);
  CHECK(resumed_options.resume_from->pages == 2);
  std::uint64_t transformed = 0;
  auto report = update_each(fhir, resumed_options, [&](object& resource) {
    ++transformed;
    return mark_active(resource);
  });
  CHECK(transformed == 30);  // only the pages after the checkpoint
  // Batches run ahead of the checkpoint, so some of page 3 may have been written before the "crash": found done.
  CHECK(report.updated + report.unchanged == 30);
  std::size_t active = 0;
  scan_each(fhir, "Patient", options.criteria, 50, [&](const object& resource) { active += resource.contains("active"); });
  CHECK(active == 50);
  CHECK(report.checkpoint.pages == 5);
  CHECK(report.checkpoint.resources == 50);
  CHECK(report.checkpoint.finished());

  // Resuming a finished scan does nothing.
  resumed_options.resume_from = report.checkpoint;
  CHECK(update_each(fhir, resumed_options, mark_active).scanned == 0);
}

namespace {

/// A client through the fault proxy whose User-Agent is unique to the test, so its rules and log see only it.
struct proxied {
  std::string user_agent = unique("bulk-agent");
  client fhir;
  explicit proxied(std::size_t connections)
      : fhir(server().proxy_base, [&] {
          auto http = fhir_test::fast_options();
          http.max_connections = connections;
          http.user_agent = user_agent;
          return http;
        }()) {}
  /// How many batch Bundles (POSTs to the base) it sent.
  std::size_t batches_sent() {
    std::size_t count = 0;
    for (const auto& entry : fhir_test::fault_proxy().log("/fhir/R4")) {
      const auto& e = entry.as_object();
      if (e.at("method").as_string() == "POST" && e.at("user_agent").is_string() &&
          e.at("user_agent").as_string() == user_agent)
        ++count;
    }
    return count;
  }
};

/// The versions the server keeps of a resource (1 = never updated).
std::size_t versions_of(client& fhir, const object& resource) {
  auto history = fhir.fetch_page(fmt::format("{}/Patient/{}/_history", fhir.base_url(),
                                             std::string_view(resource.at("id").as_string())));
  return history.contains("entry") ? history.at("entry").as_array().size() : 0;
}

}  // namespace

TEST_CASE("batches fill across page boundaries, pages are reported done in order, each resource written once") {
  proxied through(4);
  client direct(server().fhir_base, fhir_test::fast_options());
  const auto system = seed(direct, 25);
  auto options = options_for(system);
  options.page_size = 10;
  options.batch_size = 7;  // 25 writes in 4 batches; batches cut at page ends would take 5
  options.parallel_batches = 2;
  std::vector<scan_checkpoint> checkpoints;
  options.on_page_done = [&](const scan_checkpoint& checkpoint) { checkpoints.push_back(checkpoint); };
  auto report = update_each(through.fhir, options, mark_active);

  CHECK(report.updated == 25);
  CHECK(report.scanned == 25);
  CHECK(through.batches_sent() == 4);
  REQUIRE(checkpoints.size() == 3);
  CHECK(checkpoints[0].resources == 10);
  CHECK(checkpoints[1].resources == 20);
  CHECK(checkpoints[2].resources == 25);
  CHECK(checkpoints[2].finished());
  for (const auto& patient : through.fhir.search_all("Patient", {{"identifier", system + "|"}, {"_count", "50"}})) {
    CHECK(patient.at("active").as_bool());
    CHECK(versions_of(through.fhir, patient) == 2);  // created, then updated exactly once
  }
}

TEST_CASE("a batch failing mid-pipeline stops the run and names what was written and what was not") {
  proxied through(3);
  client direct(server().fhir_base, fhir_test::fast_options());
  const auto system = seed(direct, 60);
  // The fourth batch Bundle and every later one is refused with a 500.
  fhir_test::fault_proxy().add(object{{"match", "/fhir/R4"}, {"method", "POST"}, {"user_agent", through.user_agent},
                                      {"fault", "status"}, {"status", 500}, {"skip", 3}, {"times", -1}});
  auto options = options_for(system);
  options.page_size = 20;
  options.batch_size = 8;
  options.parallel_batches = 2;
  std::vector<scan_checkpoint> checkpoints;
  options.on_page_done = [&](const scan_checkpoint& checkpoint) { checkpoints.push_back(checkpoint); };

  std::vector<std::string> scanned;  // in scan order: page k is entries 20(k-1) .. 20k-1
  std::optional<update_failed_error> failure;
  try {
    update_each(through.fhir, options, [&](object& resource) {
      scanned.push_back(fmt::format("Patient/{}", std::string_view(resource.at("id").as_string())));
      return mark_active(resource);
    });
  } catch (const update_failed_error& e) {
    failure = e;
  }
  REQUIRE(failure);
  INFO(failure->what());
  CHECK_THAT(failure->what(), Catch::Contains("injected 500") && Catch::Contains("not written, refused: Patient/") &&
                                  Catch::Contains("resources written by this run"));
  CHECK(failure->written().size() == 24);  // the three batches that reached the server first
  CHECK(failure->report().updated == 24);
  CHECK(failure->unknown().empty());
  CHECK_FALSE(failure->not_written().empty());
  // Every changed resource is named once, in exactly one list; the server agrees with the lists.
  std::set<std::string> written(failure->written().begin(), failure->written().end());
  std::set<std::string> not_written(failure->not_written().begin(), failure->not_written().end());
  CHECK(written.size() == failure->written().size());
  CHECK(not_written.size() == failure->not_written().size());
  for (const auto& reference : not_written) CHECK(written.count(reference) == 0);
  std::size_t active = 0;
  for (const auto& patient : through.fhir.search_all("Patient", {{"identifier", system + "|"}, {"_count", "100"}})) {
    auto reference = fmt::format("Patient/{}", std::string_view(patient.at("id").as_string()));
    bool is_active = patient.contains("active");
    active += is_active ? 1 : 0;
    CHECK(is_active == (written.count(reference) == 1));
  }
  CHECK(active == 24);
  // Only pages whose every write succeeded are reported done, in order. Batches 3 and 4 (writes 17-24 and 25-32) run
  // at once and either may reach the server fourth, so page 1 (writes 1-20) is done unless batch 3 was refused.
  std::size_t complete_pages = 0;
  while (complete_pages < 3 && std::all_of(scanned.begin() + 20 * complete_pages, scanned.begin() + 20 * (complete_pages + 1),
                                           [&](const std::string& r) { return written.count(r) == 1; }))
    ++complete_pages;
  CHECK(complete_pages <= 1);
  REQUIRE(checkpoints.size() == complete_pages);
  const std::uint64_t done = 20 * complete_pages;
  CHECK(failure->report().checkpoint.resources == done);
  CHECK(failure->report().scanned == done);

  // Resumed from that checkpoint (through the proxy, whose next links the checkpoint holds, by a client the fault
  // rule does not match), the rest is written, nothing twice.
  proxied again(3);
  auto resumed_options = options_for(system);
  resumed_options.page_size = 20;
  resumed_options.resume_from = failure->report().checkpoint;
  auto resumed = update_each(again.fhir, resumed_options, mark_active);
  CHECK(resumed.updated == 60 - 24);
  CHECK(resumed.unchanged == 24 - done);  // written by the failed run after its checkpoint
  for (const auto& patient : direct.search_all("Patient", {{"identifier", system + "|"}, {"_count", "100"}}))
    CHECK(versions_of(direct, patient) == 2);
}
