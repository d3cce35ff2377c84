// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Opening libpq connections with a bounded connect time, and keeping secrets out of libpq's messages.

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <libpq-fe.h>

#include <migrate/core/redact.hpp>
#include <migrate/postgres/error.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::postgres::detail {

/// Used when neither the URL, `options::connect_timeout` nor `PGCONNECT_TIMEOUT` sets one.
inline constexpr std::chrono::seconds default_connect_timeout{10};

/// `text` without the values of `connection`'s password-like options (libpq marks them with dispchar "*"),
/// which libpq holds percent-decoded, so they are found even where the URL spelled them encoded.
inline std::string without_connection_secrets(PGconn* connection, std::string text) {
  if (!connection) return text;
  PQconninfoOption* options = PQconninfo(connection);
  if (!options) return text;
  for (auto* o = options; o->keyword; ++o)
    if (o->dispchar && o->dispchar[0] == '*' && o->val) text = migrate::redact(std::move(text), o->val);
  PQconninfoFree(options);
  return text;
}

/// libpq's message about `url` with neither the URL (libpq quotes URLs it cannot parse) nor any secret in it.
inline std::string scrub_message(PGconn* connection, std::string_view url, std::string text) {
  if (!url.empty())
    for (auto at = text.find(url); at != std::string::npos; at = text.find(url, at))
      text.replace(at, url.size(), "<connection string>");
  for (const auto& secret : migrate::secrets_in(url)) text = migrate::redact(std::move(text), secret);
  text = without_connection_secrets(connection, std::move(text));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

/// The keywords and values `PQconnectdbParams` receives for a URL or key=value string.
struct connection_params {
  std::vector<std::string> keywords;
  std::vector<std::string> values;

  // libpq lets later keywords win, so the URL (last, as "dbname" with expand_dbname) overrides our defaults.
  connection_params(std::string url, std::optional<std::chrono::seconds> connect_timeout) {
    add("fallback_application_name", "migrate");
    if (connect_timeout)
      add("connect_timeout", std::to_string(connect_timeout->count()));
    else if (const char* env = std::getenv("PGCONNECT_TIMEOUT"); !env || !*env)
      add("connect_timeout", std::to_string(default_connect_timeout.count()));
    add("dbname", std::move(url));
  }
  const std::string& url() const { return values.back(); }

  /// A new connection, or `postgres::error` naming host, port and connect timeout, never the URL or a secret.
  PGconn* connect() const {
    std::vector<const char*> k, v;
    for (std::size_t i = 0; i < keywords.size(); ++i) {
      k.push_back(keywords[i].c_str());
      v.push_back(values[i].c_str());
    }
    k.push_back(nullptr);
    v.push_back(nullptr);
    PGconn* connection = PQconnectdbParams(k.data(), v.data(), 1);
    if (!connection) throw error("", "cannot connect to PostgreSQL: libpq is out of memory");
    if (PQstatus(connection) == CONNECTION_OK) return connection;
    auto message = scrub_message(connection, url(), PQerrorMessage(connection));
    auto where = describe_target(connection);
    PQfinish(connection);
    throw error("", fmt::format("cannot connect to PostgreSQL{}: {}", where, message));
  }

 private:
  void add(std::string keyword, std::string value) {
    keywords.push_back(std::move(keyword));
    values.push_back(std::move(value));
  }
  // " at host:port (database d, connect timeout N s)", from what libpq parsed; empty when it parsed nothing.
  static std::string describe_target(PGconn* connection) {
    std::string host = PQhost(connection) ? PQhost(connection) : "";
    if (host.empty()) return "";
    std::string port = PQport(connection) ? PQport(connection) : "";
    std::string database = PQdb(connection) ? PQdb(connection) : "";
    std::string timeout;
    if (PQconninfoOption* options = PQconninfo(connection)) {
      for (auto* o = options; o->keyword; ++o)
        if (std::string_view(o->keyword) == "connect_timeout" && o->val) timeout = o->val;
      PQconninfoFree(options);
    }
    auto seconds = timeout.empty() ? 0 : std::atoi(timeout.c_str());
    return fmt::format(" at {}:{} (database {}, connect timeout {})", host, port, database,
                       seconds > 0 ? fmt::format("{} s", std::max(seconds, 2))
                                   : std::string("none: connect_timeout=0"));
  }
};

}  // namespace migrate::postgres::detail
