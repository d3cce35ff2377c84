// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Splitting a base URL into origin and path, and percent-encoding query values.

#include <string>
#include <string_view>

#include <fmt/format.h>

#include <migrate/core/errors.hpp>
#include <migrate/fhir/redact.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir::detail {

struct origin_and_path {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;  ///< path and query, always starting with '/'

  std::string origin() const { return fmt::format("{}://{}:{}", tls ? "https" : "http", host, port); }
};

/// Splits "http(s)://host[:port][/path][?query]"; user-info is refused so no password rides in a URL.
inline origin_and_path split_url(std::string_view url) {
  origin_and_path parts;
  std::string_view rest;
  if (url.starts_with("https://")) {
    parts.tls = true;
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    throw store_error(fmt::format("FHIR base URL must start with http:// or https://: {}", redact_url(url)),
                      errc::bad_database_url);
  }
  auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos)
    throw store_error(fmt::format("FHIR URL must not carry credentials (use http_options::auth): {}", redact_url(url)),
                      errc::bad_database_url);
  rest.remove_prefix(authority.size());
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      throw store_error(fmt::format("malformed FHIR URL: {}", redact_url(url)), errc::bad_database_url);
    parts.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (authority.starts_with(':')) parts.port = std::string(authority.substr(1));
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    parts.host = std::string(authority.substr(0, colon));
    parts.port = std::string(authority.substr(colon + 1));
  } else {
    parts.host = std::string(authority);
  }
  if (parts.host.empty())
    throw store_error(fmt::format("FHIR URL has no host: {}", redact_url(url)), errc::bad_database_url);
  if (parts.port.empty()) parts.port = parts.tls ? "443" : "80";
  parts.path = rest.empty() || rest.front() != '/' ? "/" + std::string(rest) : std::string(rest);
  if (auto fragment = parts.path.find('#'); fragment != std::string::npos) parts.path.resize(fragment);
  return parts;
}

/// Percent-encodes everything but RFC 3986 unreserved characters (for query names and values).
inline std::string percent_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved)
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace migrate::fhir::detail
