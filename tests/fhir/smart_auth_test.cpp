// SMART Backend Services auth against the test server's token endpoint.
#include <catch2/catch.hpp>

#include <migrate/fhir/client.hpp>
#include <migrate/fhir/smart_auth.hpp>

#include "fhir_test_server.hpp"

using namespace migrate::fhir;
using boost::json::object;
using fhir_test::server;

namespace {

smart_backend_client registration(const std::string& key_file) {
  smart_backend_client client;
  client.token_url = server().smart_token_url;
  client.client_id = server().smart_client_id;
  client.private_key_pem = secret(fhir_test::read_file(key_file));
  client.scope = "system/Patient.rs";
  return client;
}

}  // namespace

TEST_CASE("a signed client assertion obtains the token, with RS384 or ES384") {
  for (const auto& key_file : {server().smart_rsa_key_file, server().smart_ec_key_file}) {
    CAPTURE(key_file);
    std::vector<std::string> log;
    http_options options;
    options.auth = smart_backend_services(registration(key_file));
    options.log = [&log](std::string_view line) { log.emplace_back(line); };
    client fhir(server().secure_base, options);
    auto created = fhir.create(object{{"resourceType", "Patient"}});
    CHECK(fhir.read("Patient", created.id()).at("id").as_string() == created.id());
    for (const auto& line : log) CHECK_THAT(line, !Catch::Contains(server().token));
  }
}

TEST_CASE("a rejected client assertion is a clear error without secrets") {
  auto wrong = registration(server().smart_rsa_key_file);
  wrong.client_id = "someone-else";
  http_options options;
  options.auth = smart_backend_services(wrong);
  client fhir(server().secure_base, options);
  try {
    fhir.read("Patient", "any");
    FAIL("a wrong client id obtained a token");
  } catch (const migrate::store_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("invalid_client"));
    CHECK_THAT(e.what(), !Catch::Contains("PRIVATE KEY"));
  }
  CHECK_THROWS_AS(smart_backend_services(smart_backend_client{server().smart_token_url, "x", secret("not a key"), {}, {}, {}}),
                  migrate::store_error);
}
