// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// One keep-alive HTTP/1.1 connection (plain or TLS) driven synchronously with timeouts.
//
// Each connection owns its io_context and runs Beast's async operations to completion on the calling
// thread: that gives per-operation deadlines (beast::tcp_stream's timer) without a background thread,
// and a connection is only ever used by one thread at a time (the pool hands it out exclusively).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <migrate/fhir/errors.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

/// Where a failure happened decides whether a retry is safe: before the request left, always.
enum class failure_stage { before_send, after_send };

/// A transport failure with enough context for the retry decision.
struct connection_failure {
  transport_failure kind;
  failure_stage stage;
  std::string message;
};

struct connection_settings {
  std::string host;
  std::string port;
  bool tls = false;
  net::ssl::context* tls_context = nullptr;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds read_timeout{60'000};
  std::uint64_t max_response_bytes = std::uint64_t{64} << 20;
};

inline bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  net::ip::make_address(host, ec);
  return !ec;
}

class connection {
 public:
  explicit connection(const connection_settings& settings) : settings_(settings) {}

  /// Sends `request` and reads the whole response; throws connection_failure.
  http::response<http::string_body> exchange(http::request<http::string_body>& request) {
    if (!usable()) open();
    run([&](auto done) {
      lowest()->expires_after(settings_.read_timeout);
      with_stream([&](auto& stream) { http::async_write(stream, request, done); });
    }, failure_stage::after_send, "sending the request");
    http::response_parser<http::string_body> parser;
    parser.body_limit(settings_.max_response_bytes);
    run([&](auto done) {
      lowest()->expires_after(settings_.read_timeout);
      with_stream([&](auto& stream) { http::async_read(stream, buffer_, parser, done); });
    }, failure_stage::after_send, "reading the response");
    auto response = parser.release();
    if (!response.keep_alive()) close();
    return response;
  }

  void close() noexcept {
    boost::system::error_code ignored;
    if (auto* stream = lowest()) stream->socket().close(ignored);
    tls_.reset();
    tcp_.reset();
    buffer_.clear();
  }

 private:
  // A kept-alive connection the server has since closed shows up readable (EOF or close_notify);
  // peeking without blocking finds that before a request is written into a dead socket.
  bool usable() {
    if (!lowest()) return false;
    auto& socket = lowest()->socket();
    if (!socket.is_open() || buffer_.size() > 0) return close(), false;
    boost::system::error_code ec;
    socket.non_blocking(true, ec);
    char byte;
    socket.receive(net::buffer(&byte, 1), net::socket_base::message_peek, ec);
    bool alive = ec == net::error::would_block;
    socket.non_blocking(false, ec);
    if (!alive) close();
    return alive;
  }

  void open() {
    close();
    tcp_.emplace(io_);
    net::ip::tcp::resolver resolver(io_);
    net::ip::tcp::resolver::results_type endpoints;
    run([&](auto done) {
      resolver.async_resolve(settings_.host, settings_.port, [&, done](boost::system::error_code ec, auto results) {
        endpoints = std::move(results);
        done(ec, 0);
      });
    }, failure_stage::before_send, "resolving the host", transport_failure::connect);
    run([&](auto done) {
      tcp_->expires_after(settings_.connect_timeout);
      tcp_->async_connect(endpoints, [done](boost::system::error_code ec, auto) { done(ec, 0); });
    }, failure_stage::before_send, "connecting", transport_failure::connect);
    boost::system::error_code ignored;
    tcp_->socket().set_option(net::ip::tcp::no_delay(true), ignored);
    if (!settings_.tls) return;
    tls_.emplace(std::move(*tcp_), *settings_.tls_context);
    tcp_.reset();
    SSL* ssl = tls_->native_handle();
    if (is_ip_literal(settings_.host)) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), settings_.host.c_str());
    } else {
      SSL_set_tlsext_host_name(ssl, settings_.host.c_str());
      SSL_set1_host(ssl, settings_.host.c_str());
    }
    run([&](auto done) {
      beast::get_lowest_layer(*tls_).expires_after(settings_.connect_timeout);
      tls_->async_handshake(net::ssl::stream_base::client, [done](boost::system::error_code ec) { done(ec, 0); });
    }, failure_stage::before_send, "TLS handshake", transport_failure::tls);
  }

  beast::tcp_stream* lowest() noexcept {
    if (tls_) return &beast::get_lowest_layer(*tls_);
    return tcp_ ? &*tcp_ : nullptr;
  }

  template <class F>
  void with_stream(F&& use) {
    if (tls_)
      use(*tls_);
    else
      use(*tcp_);
  }

  // Runs one async operation to completion; `start` receives the completion handler.
  template <class Start>
  void run(Start&& start, failure_stage stage, const char* doing,
           std::optional<transport_failure> kind_override = std::nullopt) {
    boost::system::error_code result;
    io_.restart();
    start([&result](boost::system::error_code ec, std::size_t) { result = ec; });
    io_.run();
    if (!result) return;
    transport_failure kind = kind_override.value_or(transport_failure::connection_lost);
    std::string detail = result.message();
    if (result == beast::error::timeout) {
      kind = transport_failure::timeout;
    } else if (result == http::error::body_limit) {
      kind = transport_failure::too_large;
      detail = "the body is larger than max_response_bytes (" + std::to_string(settings_.max_response_bytes) +
               " bytes); raise http_options::max_response_bytes or ask for smaller pages (_count)";
    }
    else if (result.category() == boost::system::error_code(http::error::end_of_stream).category() && result != http::error::end_of_stream &&
             result != http::error::partial_message)
      kind = transport_failure::protocol;
    if (kind == transport_failure::tls && tls_) {
      long verify = SSL_get_verify_result(tls_->native_handle());
      if (verify != X509_V_OK) detail = std::string("certificate verification failed: ") + X509_verify_cert_error_string(verify);
    }
    close();
    throw connection_failure{kind, stage, std::string(doing) + ": " + detail};
  }

  connection_settings settings_;
  net::io_context io_{1};
  // tcp_ holds the plain stream, tls_ the TLS stream layered over it; at most one is engaged.
  std::optional<beast::tcp_stream> tcp_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_;
  beast::flat_buffer buffer_;
};

}  // namespace migrate::fhir::detail
