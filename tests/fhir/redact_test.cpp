// Redaction and URL handling; no server needed.
#include <catch2/catch.hpp>

#include <migrate/fhir/detail/url.hpp>
#include <migrate/fhir/redact.hpp>

using namespace migrate::fhir;

TEST_CASE("redact_url hides passwords and secret query values") {
  CHECK(redact_url("https://user:pa55@host:8443/fhir?x=1") == "https://user:***@host:8443/fhir?x=1");
  CHECK(redact_url("https://host/fhir/Patient?access_token=abc&name=smith") ==
        "https://host/fhir/Patient?access_token=***&name=smith");
  CHECK(redact_url("https://host/cb?Code=xyz&client_secret=s3&state=ok#frag") ==
        "https://host/cb?Code=***&client_secret=***&state=ok#frag");
  CHECK(redact_url("http://host/Patient?name=token") == "http://host/Patient?name=token");
  CHECK(redact_url("Patient/1") == "Patient/1");
}

TEST_CASE("redact replaces every occurrence of a secret") {
  CHECK(redact("Bearer abc and abc", "abc") == "Bearer *** and ***");
  CHECK(redact("nothing", "") == "nothing");
}

TEST_CASE("split_url separates origin and path") {
  auto parts = detail::split_url("https://fhir.example.org/fhir/R4");
  CHECK(parts.tls);
  CHECK(parts.host == "fhir.example.org");
  CHECK(parts.port == "443");
  CHECK(parts.path == "/fhir/R4");
  auto local = detail::split_url("http://127.0.0.1:8080?x=1");
  CHECK(local.port == "8080");
  CHECK(local.path == "/?x=1");
  auto v6 = detail::split_url("http://[::1]:9/p");
  CHECK(v6.host == "::1");
  CHECK_THROWS_AS(detail::split_url("ftp://host/"), migrate::store_error);
}

TEST_CASE("percent_encode keeps only unreserved characters") {
  CHECK(detail::percent_encode("urn:sys|a b/c") == "urn%3Asys%7Ca%20b%2Fc");
  CHECK(detail::percent_encode("Az09-._~") == "Az09-._~");
}
