// SPDX-License-Identifier: MIT
// The transport behind <migrate/fhir/http_client.hpp>: the pool, TLS, retries. Compiled once into migrate::fhir so
// no translation unit that includes the header parses Beast, Asio or OpenSSL.
#include <migrate/core/version.hpp>
#include <migrate/fhir/http_client.hpp>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/ssl/context.hpp>
#include <fmt/format.h>

#include <migrate/fhir/detail/url.hpp>
#include <migrate/fhir/redact.hpp>

#include "connection.hpp"

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

namespace detail {
namespace {

bool idempotent_by_default(boost::beast::http::verb method) {
  using boost::beast::http::verb;
  return method == verb::get || method == verb::head || method == verb::put || method == verb::delete_ ||
         method == verb::options;
}

/// Retry-After as delta-seconds; an HTTP-date (rare for 429/503) falls back to our own backoff.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) {
  unsigned seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc{} || end != value.data() + value.size()) return std::nullopt;
  return std::chrono::seconds(seconds);
}

std::string_view describe(transport_failure failure) {
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
void scrub(http_response& response, std::string_view token) {
  if (token.empty()) return;
  if (response.body.find(token) != std::string::npos) response.body = redact(std::move(response.body), token);
  for (auto& field : response.headers)
    if (field.value.find(token) != std::string::npos) field.value = redact(std::move(field.value), token);
}

}  // namespace
}  // namespace detail

struct http_client::state {
  std::unique_ptr<detail::connection> acquire();
  void release(std::unique_ptr<detail::connection> connection);
  void discard();
  void remember_sent(const std::string& token);
  void log(std::string_view line) const;

  std::string base_url_;
  detail::origin_and_path base_;
  http_options options_;
  std::unique_ptr<boost::asio::ssl::context> tls_context_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::string> sent_tokens_;
  std::vector<std::unique_ptr<detail::connection>> idle_;
  std::size_t open_ = 0;
};

http_client::http_client(std::string_view base_url, http_options options) : state_(std::make_unique<state>()) {
  auto& base_ = state_->base_;
  auto& options_ = state_->options_;
  auto& base_url_ = state_->base_url_;
  auto& tls_context_ = state_->tls_context_;
  base_ = detail::split_url(base_url);
  options_ = std::move(options);
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

http_client::~http_client() = default;

const std::string& http_client::base_url() const noexcept { return state_->base_url_; }
const http_options& http_client::options() const noexcept { return state_->options_; }

std::string http_client::resolve_target(std::string_view target) const {
  const auto& base_ = state_->base_;
  const auto& base_url_ = state_->base_url_;
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

std::unique_ptr<detail::connection> http_client::state::acquire() {
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

void http_client::state::release(std::unique_ptr<detail::connection> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

void http_client::state::discard() {
  {
    std::lock_guard lock(mutex_);
    --open_;
  }
  available_.notify_one();
}

void http_client::state::remember_sent(const std::string& token) {
  std::lock_guard lock(mutex_);
  if (token.empty() || std::find(sent_tokens_.begin(), sent_tokens_.end(), token) != sent_tokens_.end()) return;
  if (sent_tokens_.size() >= 4) sent_tokens_.erase(sent_tokens_.begin());  // a refreshing source: the recent ones
  sent_tokens_.push_back(token);
}

std::string http_client::scrub(std::string text) const {
  std::lock_guard lock(state_->mutex_);
  for (const auto& token : state_->sent_tokens_) text = redact(std::move(text), token);
  return text;
}

void http_client::state::log(std::string_view line) const {
  if (options_.log) options_.log(line);
}

http_response http_client::send(const http_request& request) {
  namespace http = boost::beast::http;
  auto& s = *state_;
  const auto& base_ = s.base_;
  const auto& options_ = s.options_;
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
      s.remember_sent(token);
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
    auto connection = s.acquire();
    try {
      auto answer = connection->exchange(message);
      s.release(std::move(connection));
      http_response response{answer.result_int(), {}, std::move(answer.body())};
      for (const auto& field : answer.base())
        response.headers.push_back({std::string(field.name_string()), std::string(field.value())});
      detail::scrub(response, token);
      bool refused = response.status == 429 || response.status == 503;
      if (!refused || attempt >= attempts) {
        s.log(fmt::format("{} -> {} ({} ms)", shown, response.status, elapsed_ms()));
        return response;
      }
      if (auto after = detail::parse_retry_after(response.header("Retry-After"))) wait = *after;
      s.log(fmt::format("{} -> {} ({} ms); retry {} of {} in {} ms", shown, response.status, elapsed_ms(), attempt + 1,
                      attempts, std::min(wait, options_.retry.max_backoff).count()));
    } catch (const detail::connection_failure& failure) {
      s.discard();
      bool retryable = failure.kind != transport_failure::tls && failure.kind != transport_failure::too_large &&
                       (failure.stage == detail::failure_stage::before_send || idempotent);
      if (!retryable || attempt >= attempts) {
        s.log(fmt::format("{} -> {} ({} ms)", shown, failure.message, elapsed_ms()));
        throw transport_error(failure.kind, fmt::format("FHIR {}: {} ({}) after {} attempt{}", shown,
                                                        detail::describe(failure.kind), failure.message, attempt,
                                                        attempt == 1 ? "" : "s"));
      }
      s.log(fmt::format("{} -> {} ({} ms); retry {} of {} in {} ms", shown, failure.message, elapsed_ms(), attempt + 1,
                      attempts, std::min(wait, options_.retry.max_backoff).count()));
    } catch (...) {
      s.discard();
      throw;
    }
    std::this_thread::sleep_for(std::min(wait, options_.retry.max_backoff));
    backoff = std::min(backoff * 2, options_.retry.max_backoff);
  }
}

}  // namespace migrate::fhir
