#pragma once
/// Finding and hiding secrets in URLs and connection strings before they reach a message, log or exception.

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace migrate {

/// A span of characters in a string.
struct text_range {
  std::size_t offset = 0;
  std::size_t size = 0;
};

namespace detail {
inline bool is_secret_parameter(std::string_view name) {
  static constexpr std::array<std::string_view, 9> secret_names = {
      "access_token", "token", "password", "passwd", "secret", "client_secret", "code", "api_key", "apikey"};
  std::string lower(name);
  for (auto& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  return std::find(secret_names.begin(), secret_names.end(), lower) != secret_names.end();
}
}  // namespace detail

/// Where `url` holds secrets: the password of its user-info, and the values of secret-looking parameters —
/// in a URL's query (`?access_token=...&password=...`) or in a libpq `key=value key=value` string.
inline std::vector<text_range> secret_ranges(std::string_view url) {
  std::vector<text_range> ranges;
  std::size_t params = 0;
  std::string_view separators = " ";
  if (auto scheme_end = url.find("://"); scheme_end != std::string_view::npos) {
    auto authority_start = scheme_end + 3;
    auto authority_end = std::min(url.find_first_of("/?#", authority_start), url.size());
    // The last '@' ends the user-info: a password may itself contain '@'.
    auto at = url.rfind('@', authority_end);
    if (at != std::string_view::npos && at >= authority_start) {
      auto colon = url.find(':', authority_start);
      if (colon < at) ranges.push_back({colon + 1, at - colon - 1});
    }
    auto query = url.find('?', authority_start);
    if (query == std::string_view::npos) return ranges;
    params = query + 1;
    separators = "&#";
  }
  while (params < url.size()) {
    auto end = std::min(url.find_first_of(separators, params), url.size());
    auto eq = url.find('=', params);
    if (eq < end && detail::is_secret_parameter(url.substr(params, eq - params)) && end > eq + 1)
      ranges.push_back({eq + 1, end - eq - 1});
    if (end < url.size() && url[end] == '#') break;  // the fragment is not part of the query
    params = end + 1;
  }
  return ranges;
}

/// The secrets `url` holds (see `secret_ranges`), for scrubbing them out of other text.
inline std::vector<std::string> secrets_in(std::string_view url) {
  std::vector<std::string> secrets;
  for (auto r : secret_ranges(url)) secrets.emplace_back(url.substr(r.offset, r.size));
  return secrets;
}

/// `url` with its password and secret parameter values replaced by "***".
inline std::string redact_url(std::string_view url) {
  std::string out(url);
  auto ranges = secret_ranges(url);
  for (auto it = ranges.rbegin(); it != ranges.rend(); ++it) out.replace(it->offset, it->size, "***");
  return out;
}

/// `text` with every occurrence of `secret` replaced by "***" (no-op for an empty secret).
inline std::string redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
    text.replace(at, secret.size(), "***");
  return text;
}

}  // namespace migrate
