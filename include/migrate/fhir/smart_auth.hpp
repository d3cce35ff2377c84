// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// SMART Backend Services authorization: client-credentials grant with a signed JWT assertion
/// (RS384 or ES384), the access token cached until shortly before it expires.
/// The signing (OpenSSL) is compiled into the `migrate::fhir` library (src/fhir/smart_auth.cpp).

#include <string>

#include <migrate/fhir/auth.hpp>
#include <migrate/fhir/http_client.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

/// A registered backend-services client.
struct smart_backend_client {
  std::string token_url;     ///< the server's token endpoint (from .well-known/smart-configuration)
  std::string client_id;
  secret private_key_pem;    ///< RSA (signs RS384) or P-384 EC (signs ES384) private key, PEM
  std::string key_id;        ///< "kid" of the matching public key in the registered JWKS
  std::string scope = "system/*.rs";
  http_options http;         ///< for the token endpoint; `auth` is ignored
};

/// A token_source for `options.auth` that obtains and refreshes access tokens per SMART Backend Services.
/// Errors name the token endpoint and the OAuth `error` code, never the assertion, key or token.
token_source smart_backend_services(smart_backend_client registration);

}  // namespace migrate::fhir
