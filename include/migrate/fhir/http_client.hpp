// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// HTTP/1.1 client: keep-alive connection pool, TLS with verification, timeouts, retries.
///
/// Only the interface: the transport (Boost.Beast, Asio, OpenSSL) is compiled once into the `migrate::fhir`
/// library (src/fhir/), so a translation unit including this header never parses it. `http_request::method` is
/// Beast's `verb` enum, whose header is small and includes no Asio.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>  // Boost 1.81's verb.hpp streams a string_view without including it
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/verb.hpp>

#include <migrate/fhir/auth.hpp>
#include <migrate/fhir/errors.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

/// How often and how patiently to retry.
struct retry_policy {
  int max_attempts = 4;                             ///< attempts in all, the first included
  std::chrono::milliseconds initial_backoff{200};   ///< doubled after every failed attempt
  std::chrono::milliseconds max_backoff{10'000};    ///< also caps a server's Retry-After
};

/// Settings of an http_client.
struct http_options {
  std::chrono::milliseconds connect_timeout{10'000};  ///< resolve + TCP connect + TLS handshake
  std::chrono::milliseconds read_timeout{60'000};     ///< sending a request and reading its response
  std::size_t max_connections = 4;                    ///< pool size: the bound on parallel requests
  std::uint64_t max_response_bytes = std::uint64_t{64} << 20;  ///< a larger answer fails (transport_failure::too_large)
  retry_policy retry;
  bool verify_peer = true;                            ///< verify the server certificate and host name
  std::string ca_file;                                ///< PEM trust anchors; empty = the system store
  std::string user_agent = "migrate-fhir/0.1";
  token_source auth;                                  ///< bearer token per request; empty = no auth
  std::function<void(std::string_view)> log;          ///< one line per attempt; never holds a secret
};

/// One header of a request.
struct http_header {
  std::string name;
  std::string value;
};

/// A request relative to the client's base URL.
struct http_request {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  /// "Patient/1?x=y" (appended to the base path), "/abs/path", or an absolute URL on the same origin.
  std::string target;
  std::vector<http_header> headers;
  std::string body;
  std::string content_type = "application/fhir+json";
  /// Whether a dropped connection or a timeout may be retried; by default true for GET, HEAD, PUT, DELETE.
  std::optional<bool> idempotent;
};

/// A complete response.
struct http_response {
  unsigned status = 0;
  std::vector<http_header> headers{};  ///< in the order received
  std::string body{};

  /// The value of the first header called `name` (any case), or "" when absent.
  std::string header(std::string_view name) const {
    // Header names are ASCII tokens: case-insensitive compare without <locale>.
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    auto same = [&](std::string_view other) {
      if (other.size() != name.size()) return false;
      for (std::size_t i = 0; i < name.size(); ++i)
        if (lower(name[i]) != lower(other[i])) return false;
      return true;
    };
    for (const auto& field : headers)
      if (same(field.name)) return field.value;
    return {};
  }
};

/// A thread-safe HTTP client for one server: requests from many threads share a bounded pool of
/// keep-alive connections. 429 and 503 are retried with backoff (honouring Retry-After) for every
/// method, since the server refused them unprocessed; connect failures too; dropped connections and
/// read timeouts only for idempotent requests. A server that echoes the bearer token (in a body or a
/// header) gets it replaced by "***" in the response before anything reads it, so no error, log or
/// AuditEvent built from a response can carry it.
class http_client {
 public:
  /// `base_url` is e.g. "https://fhir.example.org/fhir/R4"; credentials belong in `options.auth`.
  explicit http_client(std::string_view base_url, http_options options = {});
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  /// Sends `request`, retrying per the policy; throws transport_error when no HTTP answer came.
  http_response send(const http_request& request);

  /// The base URL, for messages (it never holds credentials).
  const std::string& base_url() const noexcept;
  const http_options& options() const noexcept;

  /// The request-target (path and query) that `target` resolves to; throws store_error when an
  /// absolute URL points at another origin, so a bearer token is never sent to a foreign server.
  std::string resolve_target(std::string_view target) const;

  /// `text` with every bearer token this client has sent replaced by "***" (for texts that did not come from a
  /// response, which is scrubbed already, e.g. a migration's own error message).
  std::string scrub(std::string text) const;

 private:
  struct state;  // src/fhir/http_client.cpp: the pool, the TLS context, the tokens sent
  std::unique_ptr<state> state_;
};

}  // namespace migrate::fhir
