// The FHIR REST API against Medplum's FHIR router on loopback.
#include <catch2/catch.hpp>

#include <set>
#include <thread>
#include <vector>

#include <migrate/fhir/client.hpp>

#include "fhir_test_server.hpp"

using namespace migrate::fhir;
using boost::json::object;
using fhir_test::server;
using fhir_test::unique;

namespace {

object patient(std::string_view system, std::string_view value) {
  return object{{"resourceType", "Patient"},
                {"identifier", boost::json::array{object{{"system", system}, {"value", value}}}},
                {"name", boost::json::array{object{{"family", value}}}}};
}

}  // namespace

TEST_CASE("create, read, update, vread and delete a resource") {
  client fhir(server().fhir_base);
  auto created = fhir.create(patient("urn:test:crud", unique("crud")));
  REQUIRE(created.created());
  REQUIRE_FALSE(created.id().empty());
  const auto first_version = created.version_id();
  REQUIRE_FALSE(first_version.empty());

  auto read = fhir.read("Patient", created.id());
  CHECK(read.at("id").as_string() == created.id());

  read["active"] = true;
  auto updated = fhir.update(read);
  CHECK(updated.status == 200);
  CHECK(updated.version_id() != first_version);
  CHECK(updated.resource.at("active").as_bool());

  auto old = fhir.vread("Patient", created.id(), first_version);
  CHECK_FALSE(old.contains("active"));

  fhir.remove("Patient", created.id());
  CHECK_FALSE(fhir.try_read("Patient", created.id()).has_value());
  CHECK_THROWS_AS(fhir.read("Patient", created.id()), not_found_error);
}

TEST_CASE("conditional create with If-None-Exist returns the existing match") {
  client fhir(server().fhir_base);
  const auto value = unique("cond-create");
  const auto criteria = fmt::format("identifier=urn:test:cc|{}", value);
  auto first = fhir.create(patient("urn:test:cc", value), criteria);
  auto second = fhir.create(patient("urn:test:cc", value), criteria);
  CHECK(first.created());
  CHECK_FALSE(second.created());
  CHECK(second.id() == first.id());
  CHECK(fhir.search_all("Patient", {{"identifier", fmt::format("urn:test:cc|{}", value)}}).size() == 1);
}

TEST_CASE("conditional update creates when nothing matches and updates the one match") {
  client fhir(server().fhir_base);
  const auto value = unique("cond-update");
  const auto criteria = fmt::format("identifier=urn:test:cu|{}", value);
  auto resource = patient("urn:test:cu", value);
  auto created = fhir.conditional_update(resource, criteria);
  CHECK(created.created());
  resource["active"] = false;
  auto updated = fhir.conditional_update(resource, criteria, created.version_id());
  CHECK(updated.status == 200);
  CHECK(updated.id() == created.id());
  CHECK_FALSE(fhir.read("Patient", created.id()).at("active").as_bool());
}

TEST_CASE("an update with a stale version is a typed concurrent-modification error") {
  client fhir(server().fhir_base);
  auto stale = fhir.create(patient("urn:test:conflict", unique("conflict"))).resource;
  auto fresh = stale;
  fresh["active"] = true;
  fhir.update(fresh);

  stale["active"] = false;
  try {
    fhir.update(stale);
    FAIL("a stale If-Match was accepted");
  } catch (const version_conflict_error& e) {
    CHECK(e.status() == 412);
    CHECK(e.code() == migrate::errc::concurrent_modification);
    CHECK_FALSE(e.issue_code().empty());
    CHECK_THAT(e.what(), Catch::Contains("412"));
  }
  CHECK(fhir.read("Patient", std::string(fresh.at("id").as_string())).at("active").as_bool());
  // version_conflict_error is a migrate::store_error, as the store interface promises.
  stale["active"] = false;
  CHECK_THROWS_AS(fhir.update(stale), migrate::store_error);
  // Without the guard the write goes through.
  CHECK(fhir.update(stale, version_guard::none).status == 200);
}

TEST_CASE("JSON Patch applies operations and honours If-Match") {
  client fhir(server().fhir_base);
  auto created = fhir.create(patient("urn:test:patch", unique("patch")));
  boost::json::array operations{object{{"op", "add"}, {"path", "/birthDate"}, {"value", "1970-01-02"}}};
  auto patched = fhir.patch("Patient", created.id(), operations, created.version_id());
  CHECK(patched.resource.at("birthDate").as_string() == "1970-01-02");
  CHECK_THROWS_AS(fhir.patch("Patient", created.id(), operations, created.version_id()), version_conflict_error);
}

TEST_CASE("an OperationOutcome becomes an error carrying status, issue code and diagnostics") {
  client fhir(server().fhir_base);
  try {
    fhir.search("Patient", {{"birthdate", "not-a-date"}});
    FAIL("the server accepted an invalid date");
  } catch (const operation_outcome_error& e) {
    CHECK(e.status() == 400);
    CHECK(e.issue_code() == "invalid");
    CHECK_THAT(std::string(e.diagnostics()), Catch::Contains("not-a-date"));
    CHECK(e.code() == migrate::errc::store_failure);
    REQUIRE(e.issues().size() == 1);
    CHECK(e.issues().front().severity == "error");
  }
  try {
    fhir.read("Patient", unique("missing"));
    FAIL("read of a missing resource succeeded");
  } catch (const not_found_error& e) {
    CHECK(e.status() == 404);
    CHECK(e.issue_code() == "not-found");
    CHECK_FALSE(e.gone());
  }
}

TEST_CASE("search follows Bundle.link[next] exactly as the server gave it") {
  // Through the proxy, whose log shows the request-targets the client really sent.
  client fhir(server().proxy_base);
  fhir_test::fault_proxy proxy;
  const auto family = unique("paging");
  std::set<std::string> created;
  for (int i = 0; i < 7; ++i) created.insert(fhir.create(patient("urn:test:paging", family)).id());

  std::vector<std::string> links;
  std::set<std::string> seen;
  int pages = 0;
  fhir.for_each_page("Patient", {{"family", family}, {"_count", "3"}}, [&](const object& page) {
    ++pages;
    for (const auto& resource : client::matches(page)) seen.insert(std::string(resource.at("id").as_string()));
    if (auto next = client::next_link(page); !next.empty()) links.push_back(next);
    return true;
  });
  CHECK(pages == 3);
  CHECK(seen == created);
  REQUIRE(links.size() == 2);

  auto log = proxy.log(family);
  std::vector<std::string> sent;
  for (const auto& entry : log)
    if (entry.at("method").as_string() == "GET") sent.emplace_back(entry.at("path").as_string());
  REQUIRE(sent.size() == 3);
  for (std::size_t i = 0; i < links.size(); ++i) CHECK_THAT(links[i], Catch::EndsWith(sent[i + 1]));
}

TEST_CASE("a next link to another server is refused so the token never leaves") {
  client fhir(server().fhir_base);
  object bundle{{"resourceType", "Bundle"},
                {"link", boost::json::array{object{{"relation", "next"}, {"url", "https://elsewhere.example/Patient?page=2"}}}}};
  CHECK_THROWS_AS(fhir.next_page(bundle), migrate::store_error);
}

TEST_CASE("find_by_identifier finds one, none, or refuses ambiguity") {
  client fhir(server().fhir_base);
  const auto value = unique("ident");
  CHECK_FALSE(fhir.find_by_identifier("Patient", "urn:test:ident", value).has_value());
  auto created = fhir.create(patient("urn:test:ident", value));
  auto found = fhir.find_by_identifier("Patient", "urn:test:ident", value);
  REQUIRE(found.has_value());
  CHECK(found->at("id").as_string() == created.id());
  fhir.create(patient("urn:test:ident", value));
  try {
    fhir.find_by_identifier("Patient", "urn:test:ident", value);
    FAIL("two matches were accepted");
  } catch (const operation_outcome_error& e) {
    CHECK(e.code() == migrate::errc::invalid_state);
  }
}

TEST_CASE("a batch reports every entry on its own") {
  client fhir(server().fhir_base);
  auto existing = fhir.create(patient("urn:test:batch", unique("batch"))).resource;
  auto stale = existing;
  existing["active"] = true;
  fhir.update(existing);

  const auto value = unique("batch-new");
  bundle_builder batch(bundle_type::batch);
  batch.create(patient("urn:test:batch", value), fmt::format("identifier=urn:test:batch|{}", value));
  batch.update(stale);  // If-Match on the version it was read at, which has moved on
  batch.read(fmt::format("Patient/{}", existing.at("id").as_string()));
  REQUIRE(batch.size() == 3);

  auto results = fhir.execute(batch);
  REQUIRE(results.size() == 3);
  CHECK(results[0].status == 201);
  CHECK_THAT(results[0].location, Catch::StartsWith("Patient/"));
  CHECK(results[1].status == 412);
  CHECK_THROWS_AS(results[1].throw_if_failed("batch PUT"), version_conflict_error);
  CHECK(results[2].ok());
  REQUIRE(results[2].resource.has_value());
  CHECK(results[2].resource->at("active").as_bool());
}

TEST_CASE("a transaction resolves urn:uuid references and fails as a whole on a conflict") {
  client fhir(server().fhir_base);
  bundle_builder transaction(bundle_type::transaction);
  const auto patient_url = "urn:uuid:6f1d1a8e-3c52-4c1e-9a57-0c7e1d2b9f10";
  transaction.create(patient("urn:test:tx", unique("tx")), {}, patient_url);
  transaction.create(object{{"resourceType", "Observation"},
                            {"status", "final"},
                            {"code", object{{"text", "migrated"}}},
                            {"subject", object{{"reference", patient_url}}}});
  auto results = fhir.execute(transaction);
  REQUIRE(results.size() == 2);
  REQUIRE(results[1].resource.has_value());
  auto reference = results[1].resource->at("subject").as_object().at("reference").as_string();
  CHECK(reference == fmt::format("Patient/{}", results[0].resource->at("id").as_string()));

  auto stale = fhir.create(patient("urn:test:tx", unique("tx"))).resource;
  auto fresh = stale;
  fresh["active"] = true;
  fhir.update(fresh);
  bundle_builder failing(bundle_type::transaction);
  failing.update(stale);
  CHECK_THROWS_AS(fhir.execute(failing), version_conflict_error);
}

TEST_CASE("a JSON Patch travels in a bundle as a Binary") {
  client fhir(server().fhir_base);
  auto created = fhir.create(patient("urn:test:bpatch", unique("bpatch")));
  bundle_builder batch;
  batch.patch("Patient", created.id(),
              boost::json::array{object{{"op", "add"}, {"path", "/gender"}, {"value", "unknown"}}},
              created.version_id());
  auto results = fhir.execute(batch);
  REQUIRE(results.size() == 1);
  CHECK(results[0].ok());
  CHECK(fhir.read("Patient", created.id()).at("gender").as_string() == "unknown");
}

TEST_CASE("the bearer token authenticates and never appears in errors or logs") {
  const auto& token = server().token;
  std::vector<std::string> log;
  http_options options;
  options.log = [&log](std::string_view line) { log.emplace_back(line); };

  options.auth = bearer_token(secret(token));
  client authorised(server().secure_base, options);
  auto created = authorised.create(patient("urn:test:auth", unique("auth")));
  CHECK(authorised.read("Patient", created.id()).at("id").as_string() == created.id());

  const std::string wrong = token + "-wrong";
  options.auth = bearer_token(secret(wrong));
  client refused(server().secure_base, options);
  try {
    refused.read("Patient", created.id());
    FAIL("a wrong token was accepted");
  } catch (const operation_outcome_error& e) {
    CHECK(e.status() == 401);
    CHECK_THAT(e.what(), !Catch::Contains(token));
  }
  client anonymous(server().secure_base);
  CHECK_THROWS_AS(anonymous.read("Patient", created.id()), operation_outcome_error);

  REQUIRE_FALSE(log.empty());
  for (const auto& line : log) CHECK_THAT(line, !Catch::Contains(token));
}

TEST_CASE("credentials in a URL are refused without echoing them") {
  try {
    client fhir("http://admin:hunter2@127.0.0.1:1/fhir/R4");
    FAIL("a URL with a password was accepted");
  } catch (const migrate::store_error& e) {
    CHECK(e.code() == migrate::errc::bad_database_url);
    CHECK_THAT(e.what(), !Catch::Contains("hunter2"));
  }
}

TEST_CASE("https verifies the server certificate by default") {
  client untrusted(server().tls_base, fhir_test::fast_options());
  try {
    untrusted.search("Patient", {{"_count", "1"}});
    FAIL("a self-signed certificate was trusted");
  } catch (const transport_error& e) {
    CHECK(e.failure() == transport_failure::tls);
    CHECK_THAT(e.what(), Catch::Contains("certificate"));
  }

  auto options = fhir_test::fast_options();
  options.ca_file = server().tls_ca_file;
  client trusted(server().tls_base, options);
  auto created = trusted.create(patient("urn:test:tls", unique("tls")));
  CHECK(trusted.read("Patient", created.id()).at("id").as_string() == created.id());
}

TEST_CASE("one client serves parallel requests over its pool") {
  auto options = fhir_test::fast_options();
  options.max_connections = 3;
  client fhir(server().fhir_base, options);
  const auto family = unique("parallel");
  std::vector<std::jthread> threads;
  std::atomic<int> created{0};
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i)
        if (fhir.create(patient("urn:test:parallel", family)).created()) ++created;
    });
  threads.clear();
  CHECK(created == 30);
  CHECK(fhir.search_all("Patient", {{"family", family}, {"_count", "7"}}).size() == 30);
}
