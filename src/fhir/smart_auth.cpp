// SPDX-License-Identifier: MIT
// The body of <migrate/fhir/smart_auth.hpp>: JWT signing with OpenSSL, compiled once into migrate::fhir.
#include <migrate/core/version.hpp>
#include <migrate/fhir/smart_auth.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <migrate/fhir/detail/base64.hpp>
#include <migrate/fhir/detail/json.hpp>
#include <migrate/fhir/detail/url.hpp>
#include <migrate/fhir/redact.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

namespace detail {
namespace {

std::string base64url(std::string_view bytes) {
  auto out = base64(bytes);
  for (auto& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

struct pkey_deleter {
  void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};

/// Signs `input` with SHA-384; ECDSA signatures are converted from DER to JWS's fixed-size r||s.
std::string sign_sha384(EVP_PKEY* key, std::string_view input) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::size_t length = 0;
  if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha384(), nullptr, key) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1)
    throw store_error("SMART backend auth: cannot sign the client assertion");
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
    throw store_error("SMART backend auth: cannot sign the client assertion");
  signature.resize(length);
  if (EVP_PKEY_base_id(key) != EVP_PKEY_EC) return signature;

  const auto* der = reinterpret_cast<const unsigned char*>(signature.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> parsed(
      d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size())), ECDSA_SIG_free);
  if (!parsed) throw store_error("SMART backend auth: malformed ECDSA signature");
  constexpr int part = 48;  // P-384
  std::string raw(2 * part, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(parsed.get()), reinterpret_cast<unsigned char*>(raw.data()), part);
  BN_bn2binpad(ECDSA_SIG_get0_s(parsed.get()), reinterpret_cast<unsigned char*>(raw.data()) + part, part);
  return raw;
}

}  // namespace
}  // namespace detail

/// A token_source for `options.auth` that obtains and refreshes access tokens per SMART Backend Services.
/// Errors name the token endpoint and the OAuth `error` code, never the assertion, key or token.
token_source smart_backend_services(smart_backend_client registration) {
  struct state {
    smart_backend_client registration;
    std::unique_ptr<EVP_PKEY, detail::pkey_deleter> key;
    std::unique_ptr<http_client> http;
    std::mutex mutex;
    secret token;
    std::chrono::steady_clock::time_point expires{};
  };
  auto shared = std::make_shared<state>();
  shared->registration = std::move(registration);
  const auto& pem = shared->registration.private_key_pem.reveal();
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  shared->key.reset(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!shared->key) throw store_error("SMART backend auth: the private key is not a PEM private key");
  const int type = EVP_PKEY_base_id(shared->key.get());
  if (type != EVP_PKEY_RSA && type != EVP_PKEY_EC)
    throw store_error("SMART backend auth: the private key must be RSA (RS384) or EC P-384 (ES384)");
  auto http = shared->registration.http;
  http.auth = {};
  shared->http = std::make_unique<http_client>(shared->registration.token_url, std::move(http));

  return [shared]() -> secret {
    std::lock_guard lock(shared->mutex);
    const auto now = std::chrono::steady_clock::now();
    if (!shared->token.empty() && now + std::chrono::seconds(30) < shared->expires) return shared->token;

    const auto& reg = shared->registration;
    const bool ec = EVP_PKEY_base_id(shared->key.get()) == EVP_PKEY_EC;
    boost::json::object header{{"alg", ec ? "ES384" : "RS384"}, {"typ", "JWT"}};
    if (!reg.key_id.empty()) header["kid"] = reg.key_id;
    const auto issued = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    static thread_local std::mt19937_64 random{std::random_device{}()};
    boost::json::object claims{{"iss", reg.client_id}, {"sub", reg.client_id}, {"aud", reg.token_url},
                               {"exp", issued + 300}, {"jti", fmt::format("{:016x}{:016x}", random(), random())}};
    std::string signing_input =
        detail::base64url(boost::json::serialize(header)) + "." + detail::base64url(boost::json::serialize(claims));
    std::string assertion = signing_input + "." + detail::base64url(detail::sign_sha384(shared->key.get(), signing_input));

    http_request request;
    request.method = boost::beast::http::verb::post;
    request.target = reg.token_url;
    request.content_type = "application/x-www-form-urlencoded";
    request.body = fmt::format(
        "grant_type=client_credentials&scope={}&client_assertion_type={}&client_assertion={}",
        detail::percent_encode(reg.scope),
        detail::percent_encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
        detail::percent_encode(assertion));
    auto response = shared->http->send(request);
    boost::system::error_code parse_error;
    auto body = boost::json::parse(response.body, parse_error);
    const auto* fields = parse_error ? nullptr : body.if_object();
    if (response.status != 200 || !fields || detail::member_string(*fields, "access_token").empty()) {
      // The OAuth error code only, and never our assertion even if a hostile endpoint echoes it there.
      auto error = redact(std::string(fields ? detail::member_string(*fields, "error") : std::string_view()), assertion);
      throw store_error(fmt::format("SMART backend auth: token endpoint {} answered HTTP {}{}",
                                    redact_url(reg.token_url), response.status,
                                    error.empty() ? std::string() : fmt::format(" ({})", error)));
    }
    shared->token = secret(std::string(detail::member_string(*fields, "access_token")));
    std::int64_t lifetime = 300;
    if (auto* expires_in = fields->if_contains("expires_in"); expires_in && expires_in->is_number())
      lifetime = expires_in->to_number<std::int64_t>();
    shared->expires = now + std::chrono::seconds(lifetime);
    return shared->token;
  };
}

}  // namespace migrate::fhir
