#pragma once
/// Redaction of secrets in URLs and text before they reach a message, log line or exception.

#include <array>
#include <cctype>
#include <string>
#include <string_view>

namespace migrate::fhir {

/// `url` with any password in its user-info and the values of secret-looking query parameters
/// (access_token, token, password, secret, client_secret, code, ...) replaced by "***".
inline std::string redact_url(std::string_view url) {
  std::string out(url);
  if (auto scheme_end = out.find("://"); scheme_end != std::string::npos) {
    auto authority_start = scheme_end + 3;
    auto authority_end = out.find_first_of("/?#", authority_start);
    if (authority_end == std::string::npos) authority_end = out.size();
    auto at = out.rfind('@', authority_end);
    if (at != std::string::npos && at >= authority_start) {
      auto colon = out.find(':', authority_start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  static constexpr std::array<std::string_view, 9> secret_names = {
      "access_token", "token", "password", "passwd", "secret", "client_secret", "code", "api_key", "apikey"};
  auto query = out.find('?');
  while (query != std::string::npos && query < out.size()) {
    auto name_start = query + 1;
    auto next = out.find_first_of("&#", name_start);
    auto end = next == std::string::npos ? out.size() : next;
    auto eq = out.find('=', name_start);
    if (eq != std::string::npos && eq < end) {
      std::string name = out.substr(name_start, eq - name_start);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (auto secret : secret_names) {
        if (name == secret) {
          out.replace(eq + 1, end - eq - 1, "***");
          end = eq + 4;
          break;
        }
      }
    }
    if (end >= out.size() || out[end] == '#') break;
    query = end;
  }
  return out;
}

/// `text` with every occurrence of `secret` replaced by "***" (no-op for an empty secret).
inline std::string redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
    text.replace(at, secret.size(), "***");
  return text;
}

}  // namespace migrate::fhir
