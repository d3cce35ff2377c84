// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Finding and hiding secrets in URLs and connection strings before they reach a message, log or exception.

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// A span of characters in a string.
struct text_range {
  std::size_t offset = 0;
  std::size_t size = 0;
};

namespace detail {
inline constexpr auto npos = std::string_view::npos;

inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
inline bool is_quote(char c) { return c == '"' || c == '\'' || c == '`' || c == '<' || c == '>'; }
inline bool is_scheme_char(char c) { return is_alnum(c) || c == '+' || c == '-' || c == '.'; }
// Host lists as libpq writes them: names, IPv4, [IPv6], ports, commas, percent-escapes.
inline bool is_host_char(char c) {
  return is_alnum(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == '%' || c == ':' || c == ',' ||
         c == '[' || c == ']';
}
inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  return out;
}

/// Whether a query or key=value parameter holds a secret; `in_url` adds names only URLs use for secrets ("code").
inline bool is_secret_parameter(std::string_view name, bool in_url = true) {
  static constexpr std::array<std::string_view, 13> secret_names = {
      "access_token", "token",       "password",      "passwd",   "pwd",     "secret",  "client_secret",
      "sslpassword",  "api_key",     "apikey",        "refresh_token", "id_token", "auth_token"};
  auto lower = ascii_lower(name);
  if (in_url && lower == "code") return true;  // an OAuth authorisation code in a redirect URL
  return std::find(secret_names.begin(), secret_names.end(), lower) != secret_names.end();
}

/// `text` with valid %XX escapes decoded; anything else kept as it is.
inline std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// Where the scheme of a "scheme://" whose ':' is at `colon` starts, or npos when no valid scheme ends there.
inline std::size_t scheme_start(std::string_view text, std::size_t colon) {
  auto start = colon;
  while (start > 0 && is_scheme_char(text[start - 1])) --start;
  while (start < colon && !is_alpha(text[start])) ++start;  // a scheme starts with a letter
  return start < colon ? start : npos;
}

/// The '@' ending the user-info of the URL whose authority starts at `authority` and which ends at `end`, or npos.
/// It is the *last* '@' followed by a plausible host list, whose user name (up to the first ':') has no '/', '?'
/// or '#': a raw password may hold '@', ':', '/', '?' and '#' (libpq accepts '?' and '#' unencoded).
inline std::size_t user_info_end(std::string_view url, std::size_t authority, std::size_t end) {
  for (auto at = end; at-- > authority;) {
    if (url[at] != '@') continue;
    auto host_end = std::min(url.find_first_of("/?#", at + 1), end);
    if (!std::all_of(url.begin() + static_cast<std::ptrdiff_t>(at + 1),
                     url.begin() + static_cast<std::ptrdiff_t>(host_end), is_host_char))
      continue;
    auto user_info = url.substr(authority, at - authority);
    if (user_info.substr(0, user_info.find(':')).find_first_of("/?#") != npos) continue;
    return at;
  }
  return npos;
}

/// The value of a key=value parameter starting at `at`: quoted ('a b', "a b") or up to whitespace.
/// Returns the range of the value inside any quotes, and sets `next` after the value.
inline text_range parameter_value(std::string_view text, std::size_t at, std::size_t& next) {
  if (at < text.size() && (text[at] == '\'' || text[at] == '"')) {
    char quote = text[at];
    auto close = at + 1;
    // libpq escapes a quote with a backslash, SQL (in messages) by doubling it.
    while (close < text.size() && (text[close] != quote || (close + 1 < text.size() && text[close + 1] == quote)))
      close += text[close] == '\\' || text[close] == quote ? 2 : 1;
    close = std::min(close, text.size());
    next = std::min(close + 1, text.size());
    return {at + 1, close - at - 1};
  }
  auto end = at;
  while (end < text.size() && !is_space(text[end])) ++end;
  next = end;
  return {at, end - at};
}

/// Adds the secret values of `key = value` pairs in `text[from, to)` (libpq connection strings, messages).
inline void key_value_secrets(std::string_view text, std::size_t from, std::size_t to, std::vector<text_range>& out) {
  for (auto eq = text.find('=', from); eq < to; eq = text.find('=', eq + 1)) {
    auto key_end = eq;
    while (key_end > from && is_space(text[key_end - 1])) --key_end;
    auto key_start = key_end;
    while (key_start > from && (is_alnum(text[key_start - 1]) || text[key_start - 1] == '_')) --key_start;
    if (key_start == key_end || !is_secret_parameter(text.substr(key_start, key_end - key_start), false)) continue;
    auto value = eq + 1;
    while (value < to && is_space(text[value])) ++value;
    std::size_t next = value;
    auto range = parameter_value(text.substr(0, to), value, next);
    if (range.size > 0) out.push_back(range);
    if (next > eq) eq = next - 1;  // '=' inside the value starts no new pair
  }
}

/// Adds the secrets of the URL `text[start, end)` whose "://" is at `separator`: the user-info's password, and the
/// values of secret parameters in its query and fragment.
inline void url_secrets(std::string_view text, std::size_t separator, std::size_t end, std::vector<text_range>& out) {
  auto authority = separator + 3;
  auto host = authority;
  if (auto at = user_info_end(text, authority, end); at != npos) {
    auto colon = text.find(':', authority);
    if (colon < at && at > colon + 1) out.push_back({colon + 1, at - colon - 1});
    host = at + 1;
  }
  auto params = text.find_first_of("?#", host);
  while (params < end) {
    ++params;
    auto stop = std::min(text.find_first_of("&#", params), end);
    auto eq = text.find('=', params);
    if (eq < stop && stop > eq + 1 && is_secret_parameter(text.substr(params, eq - params)))
      out.push_back({eq + 1, stop - eq - 1});
    params = stop;
  }
}
}  // namespace detail

/// Where `text` holds secrets: the password of a URL's user-info, the values of secret-looking parameters in a
/// URL's query (`?access_token=...&password=...`), and those of libpq `key=value` pairs (`password='a b'`).
/// A `text` that starts with "scheme://" is one URL, whatever it contains; otherwise URLs in it end at whitespace or
/// a quote, so that messages quoting URLs are covered too.
inline std::vector<text_range> secret_ranges(std::string_view text) {
  std::vector<text_range> ranges;
  std::size_t done = 0;
  for (auto separator = text.find("://"); separator != std::string_view::npos;
       separator = text.find("://", separator + 3)) {
    if (separator < done) continue;
    auto start = detail::scheme_start(text, separator);
    if (start == detail::npos) continue;
    auto end = text.size();
    bool whole = start == 0;
    if (!whole) {
      end = separator + 3;
      while (end < text.size() && !detail::is_space(text[end]) && !detail::is_quote(text[end])) ++end;
    }
    detail::key_value_secrets(text, done, start, ranges);
    detail::url_secrets(text, separator, end, ranges);
    done = end;
  }
  detail::key_value_secrets(text, done, text.size(), ranges);
  std::sort(ranges.begin(), ranges.end(), [](text_range a, text_range b) { return a.offset < b.offset; });
  return ranges;
}

/// The secrets `url` holds (see `secret_ranges`), each also percent-decoded where that differs (a store may print
/// "p%40ss" as "p@ss"), for scrubbing them out of other text.
inline std::vector<std::string> secrets_in(std::string_view url) {
  std::vector<std::string> secrets;
  for (auto r : secret_ranges(url)) {
    std::string secret(url.substr(r.offset, r.size));
    auto decoded = detail::percent_decoded(secret);
    secrets.push_back(std::move(secret));
    if (decoded != secrets.back()) secrets.push_back(std::move(decoded));
  }
  return secrets;
}

/// `url` with its password and secret parameter values replaced by "***"; also for messages that quote URLs.
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
