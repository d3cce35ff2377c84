// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Credentials for the FHIR server: a secret that never prints, and bearer-token sources.

#include <functional>
#include <string>
#include <utility>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

/// A credential that cannot be streamed or formatted; only `reveal()` gives the text, for the wire.
class secret {
 public:
  secret() = default;
  explicit secret(std::string value) : value_(std::move(value)) {}
  const std::string& reveal() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }

 private:
  std::string value_;
};

/// Produces the bearer token for the next request; called once per attempt, so it may refresh.
using token_source = std::function<secret()>;

/// A token source that always gives `token` (e.g. from an environment variable or a vault).
inline token_source bearer_token(secret token) {
  return [token = std::move(token)] { return token; };
}

}  // namespace migrate::fhir
