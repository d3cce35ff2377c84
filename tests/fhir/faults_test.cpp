// Every fault the proxy injects ends in a clear typed error or a correct retry.
#include <catch2/catch.hpp>

#include <chrono>

#include <migrate/fhir/client.hpp>

#include "fhir_test_server.hpp"

using namespace migrate::fhir;
using boost::json::object;
using fhir_test::server;
using fhir_test::unique;

namespace {

// A Patient created directly on the server; its path is unique, so proxy rules match only this test.
std::string seed_patient() {
  client direct(server().fhir_base);
  return direct.create(object{{"resourceType", "Patient"}}).id();
}

std::size_t requests_seen(fhir_test::fault_proxy& proxy, std::string_view match) { return proxy.log(match).size(); }

}  // namespace

TEST_CASE("503 with Retry-After is retried after the given delay") {
  fhir_test::fault_proxy proxy;
  const auto id = seed_patient();
  proxy.add({{"match", "Patient/" + id}, {"fault", "status"}, {"status", 503}, {"retry_after", "1"}, {"times", 1}});
  client fhir(server().proxy_base, fhir_test::fast_options());
  const auto started = std::chrono::steady_clock::now();
  CHECK(fhir.read("Patient", id).at("id").as_string() == id);
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(900));
  CHECK(requests_seen(proxy, id) == 2);
}

TEST_CASE("429 is retried with backoff, even for a POST") {
  fhir_test::fault_proxy proxy;
  const auto marker = unique("throttled");
  proxy.add({{"match", marker}, {"method", "POST"}, {"fault", "status"}, {"status", 429}, {"times", 2}});
  client fhir(server().proxy_base, fhir_test::fast_options());
  http_request request;
  request.method = boost::beast::http::verb::post;
  request.target = "Patient?_tag=" + marker;  // a query unique to this test, ignored by the create
  request.body = R"({"resourceType":"Patient"})";
  CHECK(fhir.http().send(request).status == 201);
  CHECK(requests_seen(proxy, marker) == 3);
}

TEST_CASE("503 that never clears ends in a typed error after max_attempts") {
  fhir_test::fault_proxy proxy;
  const auto id = seed_patient();
  proxy.add({{"match", "Patient/" + id}, {"fault", "status"}, {"status", 503}, {"times", -1}});
  auto options = fhir_test::fast_options();
  options.retry.max_attempts = 3;
  client fhir(server().proxy_base, options);
  try {
    fhir.read("Patient", id);
    FAIL("a permanent 503 succeeded");
  } catch (const operation_outcome_error& e) {
    CHECK(e.status() == 503);
    CHECK(e.issue_code() == "transient");
  }
  CHECK(requests_seen(proxy, id) == 3);
}

TEST_CASE("500 is not retried and carries the server's diagnostics") {
  fhir_test::fault_proxy proxy;
  const auto id = seed_patient();
  proxy.add({{"match", "Patient/" + id}, {"fault", "status"}, {"status", 500}, {"times", 1}});
  client fhir(server().proxy_base, fhir_test::fast_options());
  try {
    fhir.read("Patient", id);
    FAIL("an injected 500 succeeded");
  } catch (const operation_outcome_error& e) {
    CHECK(e.status() == 500);
    CHECK(e.issue_code() == "exception");
    CHECK(e.diagnostics() == "injected 500");
  }
  CHECK(requests_seen(proxy, id) == 1);
}

TEST_CASE("a connection reset is retried for a GET") {
  fhir_test::fault_proxy proxy;
  const auto id = seed_patient();
  proxy.add({{"match", "Patient/" + id}, {"fault", "reset"}, {"times", 1}});
  client fhir(server().proxy_base, fhir_test::fast_options());
  CHECK(fhir.read("Patient", id).at("id").as_string() == id);
  CHECK(requests_seen(proxy, id) == 2);
}

TEST_CASE("a connection reset is not retried for a non-idempotent POST") {
  fhir_test::fault_proxy proxy;
  const auto marker = unique("reset-post");
  // A conditional create's query makes the path unique to this test.
  proxy.add({{"match", marker}, {"fault", "reset"}, {"times", 1}});
  client fhir(server().proxy_base, fhir_test::fast_options());
  http_request request;
  request.method = boost::beast::http::verb::post;
  request.target = "Patient?_tag=" + marker;
  request.body = R"({"resourceType":"Patient"})";
  try {
    fhir.http().send(request);
    FAIL("a reset POST succeeded");
  } catch (const transport_error& e) {
    CHECK(e.failure() == transport_failure::connection_lost);
    CHECK(e.code() == migrate::errc::store_failure);
  }
  CHECK(requests_seen(proxy, marker) == 1);
}

TEST_CASE("a stall past the read timeout is retried for a GET, then gives a timeout error") {
  fhir_test::fault_proxy proxy;
  const auto id = seed_patient();
  auto options = fhir_test::fast_options();
  options.read_timeout = std::chrono::milliseconds(300);
  options.retry.max_attempts = 2;
  client fhir(server().proxy_base, options);

  proxy.add({{"match", "Patient/" + id}, {"fault", "stall"}, {"stall_ms", 3000}, {"times", 1}});
  CHECK(fhir.read("Patient", id).at("id").as_string() == id);

  proxy.add({{"match", "Patient/" + id}, {"fault", "stall"}, {"stall_ms", 3000}, {"times", 2}});
  try {
    fhir.read("Patient", id);
    FAIL("a stalled read succeeded");
  } catch (const transport_error& e) {
    CHECK(e.failure() == transport_failure::timeout);
    CHECK_THAT(e.what(), Catch::Contains("timed out"));
  }
}

TEST_CASE("malformed JSON in a 200 is an invalid_response_error") {
  fhir_test::fault_proxy proxy;
  const auto id = seed_patient();
  proxy.add({{"match", "Patient/" + id}, {"fault", "malformed"}, {"times", 1}});
  client fhir(server().proxy_base, fhir_test::fast_options());
  try {
    fhir.read("Patient", id);
    FAIL("malformed JSON was accepted");
  } catch (const invalid_response_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("not valid JSON"));
  }
}

TEST_CASE("an injected 412 is a concurrent-modification error") {
  fhir_test::fault_proxy proxy;
  const auto id = seed_patient();
  proxy.add({{"match", "Patient/" + id}, {"method", "PUT"}, {"fault", "status"}, {"status", 412}, {"times", 1}});
  client fhir(server().proxy_base, fhir_test::fast_options());
  auto resource = fhir.read("Patient", id);
  resource["active"] = true;
  try {
    fhir.update(resource);
    FAIL("an injected 412 succeeded");
  } catch (const migrate::store_error& e) {
    CHECK(e.code() == migrate::errc::concurrent_modification);
    CHECK(dynamic_cast<const version_conflict_error*>(&e) != nullptr);
  }
  CHECK(requests_seen(proxy, id) == 2);  // the read and one PUT: a 412 is never retried
}

TEST_CASE("an unreachable server is a connect error after retries") {
  auto options = fhir_test::fast_options();
  options.retry.max_attempts = 2;
  client fhir("http://127.0.0.1:1/fhir/R4", options);
  try {
    fhir.read("Patient", "x");
    FAIL("connected to port 1");
  } catch (const transport_error& e) {
    CHECK(e.failure() == transport_failure::connect);
    CHECK_THAT(e.what(), Catch::Contains("2 attempts"));
  }
}

TEST_CASE("a redirect is an error naming its status, never a body that failed to parse") {
  fhir_test::fault_proxy proxy;
  const auto id = seed_patient();
  proxy.add({{"match", "Patient/" + id}, {"fault", "respond"}, {"status", 302},
             {"headers", {{"Location", "https://login.example/sso?code=hush"}, {"Content-Type", "text/html"}}},
             {"body", "<html><body>Moved</body></html>"}, {"times", 1}});
  client fhir(server().proxy_base, fhir_test::fast_options());
  try {
    fhir.read("Patient", id);
    FAIL("a redirect was accepted");
  } catch (const operation_outcome_error& e) {
    CHECK(e.status() == 302);
    std::string what = e.what();
    CHECK_THAT(what, Catch::Contains("HTTP 302 redirect to https://login.example/sso?code=***"));
    CHECK_THAT(what, Catch::Contains("does not follow redirects"));
    CHECK_THAT(what, !Catch::Contains("JSON") && !Catch::Contains("hush"));
  }
  CHECK(requests_seen(proxy, id) == 1);  // neither retried nor followed
}

TEST_CASE("an answer larger than max_response_bytes is refused with a clear error, not retried") {
  fhir_test::fault_proxy proxy;
  const auto id = seed_patient();
  // 3 MiB of JSON whitespace against a 1 MiB cap.
  proxy.add({{"match", "Patient/" + id}, {"fault", "respond"}, {"status", 200}, {"body", std::string(1 << 20, ' ')},
             {"repeat", 3}, {"times", -1}});
  auto options = fhir_test::fast_options();
  options.max_response_bytes = 1 << 20;
  client fhir(server().proxy_base, options);
  try {
    fhir.read("Patient", id);
    FAIL("an oversized answer was accepted");
  } catch (const transport_error& e) {
    CHECK(e.failure() == transport_failure::too_large);
    CHECK_THAT(e.what(), Catch::Contains("response too large") && Catch::Contains("max_response_bytes (1048576 bytes)"));
  }
  CHECK(requests_seen(proxy, id) == 1);
  CHECK(http_options{}.max_response_bytes == 64u << 20);  // the default cap: 64 MiB
}

TEST_CASE("a server echoing the bearer token gets it replaced before any error or caller sees it") {
  fhir_test::fault_proxy proxy;
  const auto id = seed_patient();
  const auto token = unique("echo-token");
  proxy.add({{"match", "Patient/" + id}, {"fault", "respond"}, {"status", 400},
             {"headers", {{"X-Echo", "{authorization}"}}},
             {"body", R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid",)"
                      R"("diagnostics":"bad request with {authorization}"}]})"},
             {"times", 2}});
  auto options = fhir_test::fast_options();
  options.auth = bearer_token(secret(token));
  client fhir(server().proxy_base, options);
  try {
    fhir.read("Patient", id);
    FAIL("the echo was accepted");
  } catch (const operation_outcome_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("bad request with Bearer ***"));
    CHECK(std::string(e.what()).find(token) == std::string::npos);
    CHECK(std::string(e.diagnostics()).find(token) == std::string::npos);
  }
  // The raw HTTP answer too: body and headers.
  http_request request;
  request.target = "Patient/" + id;
  auto response = fhir.http().send(request);
  CHECK(response.body.find(token) == std::string::npos);
  CHECK(response.header("X-Echo") == "Bearer ***");
  CHECK(fhir.http().scrub("said " + token) == "said ***");
}
