#pragma once
// Keeps secrets of the database URL out of everything the CLI prints, even out of a store's own error text.

#include <string>
#include <string_view>
#include <vector>

#include <migrate/core/database_url.hpp>
#include <migrate/core/redact.hpp>

namespace migrate::cli::detail {

class secret_scrubber {
 public:
  secret_scrubber() = default;
  /// Remembers the password and secret query values of `url`.
  explicit secret_scrubber(std::string_view url) {
    for (const auto& secret : secrets_in(url)) remember(secret);
  }

  /// `text` with every remembered secret, and any URL password in it, replaced by "***"; for error messages.
  std::string operator()(std::string_view text) const { return secrets_only(migrate::redact_url(text)); }

  /// `text` with every remembered secret replaced by "***"; for output such as SQL that must stay otherwise verbatim.
  std::string secrets_only(std::string_view text) const {
    std::string out(text);
    for (const auto& secret : secrets_)
      for (auto pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos + 3))
        out.replace(pos, secret.size(), "***");
    return out;
  }

 private:
  void remember(std::string_view secret) {
    // Two characters or fewer would blot out ordinary text; redact_url still covers them inside URLs.
    if (secret.size() <= 2 || secret == "***") return;
    secrets_.emplace_back(secret);
    // A store may print the password percent-decoded ("p%40ss" as "p@ss").
    auto decoded = percent_decoded(secret);
    if (decoded != secret && decoded.size() > 2) secrets_.push_back(std::move(decoded));
  }
  static std::string percent_decoded(std::string_view text) {
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
        out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
        i += 2;
      } else {
        out += text[i];
      }
    }
    return out;
  }
  std::vector<std::string> secrets_;
};

}  // namespace migrate::cli::detail
