// Paged scan + batch write-back on 1000 Patients, with conflicts and resume from a checkpoint.
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
  CHECK(report.updated == 30);
  CHECK(report.checkpoint.pages == 5);
  CHECK(report.checkpoint.resources == 50);
  CHECK(report.checkpoint.finished());

  // Resuming a finished scan does nothing.
  resumed_options.resume_from = report.checkpoint;
  CHECK(update_each(fhir, resumed_options, mark_active).scanned == 0);
}
