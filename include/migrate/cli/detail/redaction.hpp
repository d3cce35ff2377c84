// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Keeps secrets of the database URL out of everything the CLI prints, even out of a store's own error text.

#include <string>
#include <string_view>
#include <vector>

#include <migrate/core/redact.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli::detail {

class secret_scrubber {
 public:
  secret_scrubber() = default;
  /// Remembers the password and secret parameter values of `url`, raw and percent-decoded.
  explicit secret_scrubber(std::string_view url) {
    for (auto& secret : secrets_in(url))
      // Two characters or fewer would blot out ordinary text; redact_url still covers them inside URLs.
      if (secret.size() > 2 && secret != "***") secrets_.push_back(std::move(secret));
  }

  /// `text` with every remembered secret, and any URL password in it, replaced by "***"; for error messages.
  std::string operator()(std::string_view text) const { return secrets_only(migrate::redact_url(text)); }

  /// `text` with every remembered secret replaced by "***"; for output such as SQL that must stay otherwise verbatim.
  std::string secrets_only(std::string_view text) const {
    std::string out(text);
    for (const auto& secret : secrets_) out = migrate::redact(std::move(out), secret);
    return out;
  }

 private:
  std::vector<std::string> secrets_;
};

}  // namespace migrate::cli::detail
