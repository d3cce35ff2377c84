#pragma once
// Where the loopback FHIR test server (tests/fhir/server) listens, and small helpers for the tests.

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <migrate/fhir/http_client.hpp>

namespace fhir_test {

/// The endpoints the CTest fixture wrote (MIGRATE_FHIR_TEST_ENDPOINTS names the file).
struct endpoints {
  std::string fhir_base;      ///< Medplum's router, plain HTTP
  std::string secure_base;    ///< the same, requiring the bearer token
  std::string proxy_base;     ///< the same through the fault-injecting proxy
  std::string proxy_control;  ///< the proxy's control endpoint
  std::string tls_base;       ///< the same over https with a self-signed certificate
  std::string tls_ca_file;    ///< that certificate
  std::string token;          ///< the bearer token secure_base wants
  std::string smart_token_url;     ///< SMART Backend Services token endpoint handing out `token`
  std::string smart_client_id;
  std::string smart_rsa_key_file;  ///< PEM private keys the token endpoint accepts (RS384, ES384)
  std::string smart_ec_key_file;
};

inline const endpoints& server() {
  static const endpoints loaded = [] {
    const char* file = std::getenv("MIGRATE_FHIR_TEST_ENDPOINTS");
    if (!file) throw std::runtime_error("MIGRATE_FHIR_TEST_ENDPOINTS is not set; run the tests through ctest");
    std::ifstream in(file);
    if (!in) throw std::runtime_error(fmt::format("cannot read {}; did the fhir_server fixture start?", file));
    std::stringstream text;
    text << in.rdbuf();
    auto json = boost::json::parse(text.str()).as_object();
    auto get = [&](const char* key) { return std::string(json.at(key).as_string()); };
    return endpoints{get("fhir_base"),          get("secure_base"),     get("proxy_base"),
                     get("proxy_control"),      get("tls_base"),        get("tls_ca_file"),
                     get("token"),              get("smart_token_url"), get("smart_client_id"),
                     get("smart_rsa_key_file"), get("smart_ec_key_file")};
  }();
  return loaded;
}

/// The whole content of a file.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A string unique to this test run, for identifiers and fault-rule paths.
inline std::string unique(std::string_view prefix) {
  static std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{}-{:016x}", prefix, random());
}

/// Options with short timeouts and backoff so fault tests run quickly.
inline migrate::fhir::http_options fast_options() {
  migrate::fhir::http_options options;
  options.connect_timeout = std::chrono::milliseconds(2000);
  options.read_timeout = std::chrono::milliseconds(5000);
  options.retry.initial_backoff = std::chrono::milliseconds(20);
  options.retry.max_backoff = std::chrono::milliseconds(1500);
  return options;
}

/// The fault proxy's control endpoint (see server/fault_proxy.mjs).
class fault_proxy {
 public:
  fault_proxy() : control_(server().proxy_control) {}

  /// Adds one rule, e.g. {"match":"Patient/x","fault":"status","status":503,"times":1}.
  void add(boost::json::object rule) {
    migrate::fhir::http_request request;
    request.method = boost::beast::http::verb::post;
    request.target = "/__faults";
    request.content_type = "application/json";
    request.body = boost::json::serialize(boost::json::object{{"rules", boost::json::array{std::move(rule)}}});
    auto response = control_.send(request);
    if (response.status != 200) throw std::runtime_error("fault proxy refused a rule: " + response.body);
  }

  /// The requests whose path contains `match` the proxy has seen.
  boost::json::array log(std::string_view match) {
    migrate::fhir::http_request request;
    request.target = fmt::format("/__faults/log?match={}", match);
    return boost::json::parse(control_.send(request).body).as_array();
  }

 private:
  migrate::fhir::http_client control_;
};

}  // namespace fhir_test
