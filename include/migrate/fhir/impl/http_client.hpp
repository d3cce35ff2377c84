// SPDX-License-Identifier: MIT
#pragma once
// Inline bodies of <migrate/fhir/http_client.hpp>; included at its end, and including it so this header stands alone.
#include <migrate/fhir/http_client.hpp>

#include <algorithm>
#include <charconv>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <migrate/fhir/redact.hpp>

namespace migrate::fhir {

namespace detail {

inline bool idempotent_by_default(boost::beast::http::verb method) {
  using boost::beast::http::verb;
  return method == verb::get || method == verb::head || method == verb::put || method == verb::delete_ ||
         method == verb::options;
}

/// Retry-After as delta-seconds; an HTTP-date (rare for 429/503) falls back to our own backoff.
inline std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) {
  unsigned seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc{} || end != value.data() + value.size()) return std::nullopt;
  return std::chrono::seconds(seconds);
}

inline std::string_view describe(transport_failure failure) {
  switch (failure) {
    case transport_failure::connect: return "cannot connect";
    case transport_failure::tls: return "TLS failure";
    case transport_failure::timeout: return "timed out";
    case transport_failure::connection_lost: return "connection lost";
    case transport_failure::protocol: return "invalid HTTP";
    case transport_failure::too_large: return "response too large";
  }
  return "failure";
}

// A server echoing the Authorization header (in an error's diagnostics, a debug header) must not put our token
// into the errors, events and AuditEvents built from its answer: it is replaced where it appears.
inline void scrub(http_response& response, std::string_view token) {
  if (token.empty()) return;
  if (response.body.find(token) != std::string::npos) response.body = redact(std::move(response.body), token);
  std::vector<std::pair<std::string, std::string>> echoed;
  for (const auto& field : response.headers)
    if (std::string_view(field.value()).find(token) != std::string_view::npos)
      echoed.emplace_back(std::string(field.name_string()), redact(std::string(field.value()), token));
  for (const auto& [name, value] : echoed) response.headers.set(name, value);
}

}  // namespace detail

inline http_client::http_client(std::string_view base_url, http_options options)
    : base_(detail::split_url(base_url)), options_(std::move(options)) {
  while (base_.path.size() > 1 && base_.path.back() == '/') base_.path.pop_back();
  base_url_ = base_.origin() + (base_.path == "/" ? "" : base_.path);
  if (options_.max_connections == 0) options_.max_connections = 1;
  if (options_.retry.max_attempts < 1) options_.retry.max_attempts = 1;
  if (base_.tls) {
    namespace ssl = boost::asio::ssl;
    tls_context_ = std::make_unique<ssl::context>(ssl::context::tls_client);
    tls_context_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                              ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    boost::system::error_code ec;
    tls_context_->set_default_verify_paths(ec);
    if (!options_.ca_file.empty()) {
      tls_context_->load_verify_file(options_.ca_file, ec);
      if (ec)
        throw transport_error(transport_failure::tls,
                              fmt::format("FHIR server {}: cannot load CA file {}: {}", base_url_, options_.ca_file,
                                          ec.message()));
    }
    tls_context_->set_verify_mode(options_.verify_peer ? ssl::verify_peer : ssl::verify_none);
  }
}

inline http_client::~http_client() = default;

inline std::string http_client::resolve_target(std::string_view target) const {
  if (target.starts_with("http://") || target.starts_with("https://")) {
    auto parts = detail::split_url(target);
    if (parts.tls != base_.tls || parts.host != base_.host || parts.port != base_.port)
      throw store_error(fmt::format("FHIR server {} returned a link to another server: {}", base_url_,
                                    redact_url(target)));
    return parts.path;
  }
  if (target.starts_with('/')) return std::string(target);
  std::string path = base_.path == "/" ? "" : base_.path;
  return path + "/" + std::string(target);
}

inline std::unique_ptr<detail::connection> http_client::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || open_ < options_.max_connections; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  ++open_;
  lock.unlock();
  detail::connection_settings settings{base_.host,          base_.port,           base_.tls,
                                       tls_context_.get(),  options_.connect_timeout, options_.read_timeout,
                                       options_.max_response_bytes};
  return std::make_unique<detail::connection>(settings);
}

inline void http_client::release(std::unique_ptr<detail::connection> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

inline void http_client::discard() {
  {
    std::lock_guard lock(mutex_);
    --open_;
  }
  available_.notify_one();
}

inline void http_client::remember_sent(const std::string& token) {
  std::lock_guard lock(mutex_);
  if (token.empty() || std::find(sent_tokens_.begin(), sent_tokens_.end(), token) != sent_tokens_.end()) return;
  if (sent_tokens_.size() >= 4) sent_tokens_.erase(sent_tokens_.begin());  // a refreshing source: the recent ones
  sent_tokens_.push_back(token);
}

inline std::string http_client::scrub(std::string text) const {
  std::lock_guard lock(mutex_);
  for (const auto& token : sent_tokens_) text = redact(std::move(text), token);
  return text;
}

inline void http_client::log(std::string_view line) const {
  if (options_.log) options_.log(line);
}

inline http_response http_client::send(const http_request& request) {
  namespace http = boost::beast::http;
  const std::string target = resolve_target(request.target);
  const std::string shown = fmt::format("{} {}", std::string_view(http::to_string(request.method)),
                                        redact_url(base_.origin() + target));
  const bool idempotent = request.idempotent.value_or(detail::idempotent_by_default(request.method));
  const int attempts = options_.retry.max_attempts;
  auto backoff = options_.retry.initial_backoff;

  for (int attempt = 1;; ++attempt) {
    http::request<http::string_body> message{request.method, target, 11};
    message.set(http::field::host, base_.host + (base_.port == (base_.tls ? "443" : "80") ? "" : ":" + base_.port));
    message.set(http::field::user_agent, options_.user_agent);
    message.set(http::field::accept, "application/fhir+json, application/json;q=0.9");
    message.keep_alive(true);
    for (const auto& header : request.headers) message.set(header.name, header.value);
    std::string token;
    if (options_.auth) {
      token = options_.auth().reveal();
      message.set(http::field::authorization, "Bearer " + token);
      remember_sent(token);
    }
    if (!request.body.empty() || request.method == http::verb::post || request.method == http::verb::put ||
        request.method == http::verb::patch) {
      message.set(http::field::content_type, request.content_type);
      message.body() = request.body;
    }
    message.prepare_payload();

    const auto started = std::chrono::steady_clock::now();
    auto elapsed_ms = [&] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    };
    auto wait = backoff;
    auto connection = acquire();
    try {
      auto answer = connection->exchange(message);
      release(std::move(connection));
      http_response response{answer.result_int(), std::move(answer.base()), std::move(answer.body())};
      detail::scrub(response, token);
      bool refused = response.status == 429 || response.status == 503;
      if (!refused || attempt >= attempts) {
        log(fmt::format("{} -> {} ({} ms)", shown, response.status, elapsed_ms()));
        return response;
      }
      if (auto after = detail::parse_retry_after(response.header("Retry-After"))) wait = *after;
      log(fmt::format("{} -> {} ({} ms); retry {} of {} in {} ms", shown, response.status, elapsed_ms(), attempt + 1,
                      attempts, std::min(wait, options_.retry.max_backoff).count()));
    } catch (const detail::connection_failure& failure) {
      discard();
      bool retryable = failure.kind != transport_failure::tls && failure.kind != transport_failure::too_large &&
                       (failure.stage == detail::failure_stage::before_send || idempotent);
      if (!retryable || attempt >= attempts) {
        log(fmt::format("{} -> {} ({} ms)", shown, failure.message, elapsed_ms()));
        throw transport_error(failure.kind, fmt::format("FHIR {}: {} ({}) after {} attempt{}", shown,
                                                        detail::describe(failure.kind), failure.message, attempt,
                                                        attempt == 1 ? "" : "s"));
      }
      log(fmt::format("{} -> {} ({} ms); retry {} of {} in {} ms", shown, failure.message, elapsed_ms(), attempt + 1,
                      attempts, std::min(wait, options_.retry.max_backoff).count()));
    } catch (...) {
      discard();
      throw;
    }
    std::this_thread::sleep_for(std::min(wait, options_.retry.max_backoff));
    backoff = std::min(backoff * 2, options_.retry.max_backoff);
  }
}

}  // namespace migrate::fhir
