// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Database URLs (`DATABASE_URL`, `--database`): parsing, the canonical form handed to drivers, printing without
/// secrets.

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <migrate/core/default_database.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/redact.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {


namespace detail {
inline bool is_unreserved(char c) { return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

// Percent-encodes all but unreserved characters; valid %XX escapes stay as they are (they are already encoded).
inline std::string percent_encoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool escape = c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0;
    if (is_unreserved(c) || escape)
      out += c;
    else
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return out;
}

// Whether `text` is a file path nobody could mistake for a URL or a connection string (see docs/sqlite.md).
inline bool is_obvious_file_path(std::string_view text) {
  if (text.find_first_of("=:") != std::string_view::npos) return false;
  if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) return false;
  if (text.starts_with("/") || text.starts_with("./") || text.starts_with("../")) return true;
  auto lower = ascii_lower(text);
  constexpr std::array<std::string_view, 4> extensions = {".db", ".sqlite", ".sqlite3", ".db3"};
  return std::any_of(extensions.begin(), extensions.end(),
                     [&](std::string_view ext) { return lower.size() > ext.size() && lower.ends_with(ext); });
}

// The keys of a libpq key=value string ("host, user, password"), never their values.
inline std::string connection_string_keys(std::string_view text) {
  std::string keys;
  for (auto eq = text.find('='); eq != std::string_view::npos; eq = text.find('=', eq + 1)) {
    auto end = eq;
    while (end > 0 && is_space(text[end - 1])) --end;
    auto start = end;
    while (start > 0 && (is_alnum(text[start - 1]) || text[start - 1] == '_')) --start;
    if (start == end) continue;
    if (!keys.empty()) keys += ", ";
    keys += text.substr(start, end - start);
    auto value = eq + 1;
    while (value < text.size() && is_space(text[value])) ++value;
    std::size_t next = value;
    parameter_value(text, value, next);  // skip the value: an '=' inside it starts no key
    if (next > eq) eq = next - 1;
  }
  return keys;
}

// Whether `hosts` reads as libpq's host list: comma-separated names, IPv4 or [IPv6] addresses, each with an
// optional numeric port.
inline bool is_host_list(std::string_view hosts) {
  for (std::size_t start = 0; start <= hosts.size();) {
    auto entry = hosts.substr(start, hosts.find(',', start) - start);
    std::size_t name_end = 0;
    if (entry.starts_with("[")) {
      name_end = entry.find(']');
      if (name_end == std::string_view::npos) return false;
      ++name_end;
    } else {
      while (name_end < entry.size() && entry[name_end] != ':') {
        char c = entry[name_end++];
        if (!is_alnum(c) && c != '.' && c != '-' && c != '_' && c != '%') return false;
      }
    }
    auto port = entry.substr(name_end);
    if (!port.empty() && (port[0] != ':' || !std::all_of(port.begin() + 1, port.end(), [](char c) {
                            return c >= '0' && c <= '9';
                          })))
      return false;
    start += entry.size() + 1;
  }
  return true;
}

// Where libpq's own URI parser starts the host list: after the first '@' when it precedes every '/'.
inline std::size_t libpq_host_start(std::string_view url, std::size_t authority) {
  auto at = url.find('@', authority);
  return at < url.find('/', authority) ? at + 1 : authority;
}

[[noreturn]] inline void bad_url(const std::string& what) { throw error(errc::bad_database_url, what); }
}  // namespace detail

/// A database URL split at its scheme: "postgresql://u:p@h/db" gives scheme "postgresql".
struct database_url {
  std::string scheme;  ///< canonical: lower case, without "+driver"; "postgres" becomes "postgresql"; "sqlite" for paths
  std::string text;    ///< the whole URL as given

  /// Parses SQLAlchemy-style URLs: `sqlite:///relative.db`, `sqlite:////abs/path.db`, `sqlite://` (memory),
  /// `sqlite:relative.db`, SQLite URI filenames (`file:app.db?mode=rwc`), `postgresql://...` (also `postgres://`, `postgresql+psycopg2://`, any case),
  /// `http(s)://...` (FHIR), any other `scheme://...` (for an application's own opener), or an obvious file path
  /// (SQLite; see docs/sqlite.md). Anything else is `errc::bad_database_url`, whose message never holds the input's
  /// secrets: libpq key=value strings, `scheme:` without `//`, empty text, bare words.
  static database_url parse(std::string_view url) {
    if (url.empty())
      detail::bad_url("the database URL is empty; name a database, e.g. sqlite:///app.db or postgresql://host/db");
    // SQLite URI filenames (file:app.db?mode=rwc, file:///abs.db) go to SQLite as they are.
    if (detail::ascii_lower(url.substr(0, 5)) == "file:") return {"sqlite", std::string(url)};
    if (auto separator = url.find("://");
        separator != std::string_view::npos && detail::scheme_start(url, separator) == 0) {
      database_url parsed{canonical_scheme(url.substr(0, separator)), std::string(url)};
      if (parsed.scheme == "postgresql") parsed.check_postgresql();
      return parsed;
    }
    if (detail::ascii_lower(url.substr(0, 7)) == "sqlite:") return {"sqlite", std::string(url)};
    if (url.find('=') != std::string_view::npos)
      detail::bad_url(fmt::format(
          "the database URL looks like a libpq key=value connection string (keys: {}); write it as a URL, "
          "postgresql://user:password@host:port/dbname?sslmode=...",
          detail::connection_string_keys(url)));
    if (auto colon = url.find(':'); colon != std::string_view::npos) {
      if (detail::scheme_start(url, colon) == 0)
        detail::bad_url(fmt::format("the database URL starts with '{}:' but not '{}://'; write {}://host/database",
                                    canonical_scheme(url.substr(0, colon)), canonical_scheme(url.substr(0, colon)),
                                    canonical_scheme(url.substr(0, colon))));
      detail::bad_url("the database URL is neither a URL (scheme://...) nor an obvious file path; a SQLite path "
                      "holding ':' is written sqlite:///path, an in-memory database sqlite://");
    }
    if (!detail::is_obvious_file_path(url))
      detail::bad_url(fmt::format(
          "the database URL ({} characters) is neither a URL nor an obvious file path (starting with /, ./ or ../, "
          "or ending in .db, .sqlite, .sqlite3 or .db3); for a SQLite file write sqlite:///name",
          url.size()));
    return {"sqlite", std::string(url)};
  }

  /// `text` with its scheme written canonically ("POSTGRES+psycopg2://u@h/db" gives "postgresql://u@h/db").
  /// A PostgreSQL URL that libpq would misread (a raw '@' or '/' in the password) gets its user-info, ending at the
  /// last '@' before the host, percent-encoded, so the password reaches libpq whole; one libpq reads as a valid
  /// host list stays as it is. File paths and `sqlite:` URLs without `//` stay as given.
  std::string canonical() const {
    auto separator = text.find("://");
    if (separator == std::string::npos) return text;
    auto authority = separator + 3;
    std::string out = scheme + "://";
    if (scheme != "postgresql") return out + text.substr(authority);
    auto libpq_host = detail::libpq_host_start(text, authority);
    auto libpq_host_end = std::min(text.find_first_of("/?", libpq_host), text.size());
    auto at = detail::user_info_end(text, authority, text.size());
    if (at == std::string::npos || detail::is_host_list(std::string_view(text).substr(libpq_host, libpq_host_end - libpq_host)))
      return out + text.substr(authority);
    auto user_info = std::string_view(text).substr(authority, at - authority);
    auto colon = user_info.find(':');
    out += detail::percent_encoded(user_info.substr(0, colon));
    if (colon != std::string_view::npos) out += ":" + detail::percent_encoded(user_info.substr(colon + 1));
    return out + text.substr(at);
  }

  /// The connection URL for libpq: `canonical()` of a `postgresql` URL (libpq knows neither "+driver" nor upper case).
  std::string libpq_conninfo() const {
    if (scheme != "postgresql") detail::bad_url(fmt::format("{} is not a postgresql:// URL", redacted()));
    return canonical();
  }

  /// For `sqlite:` URLs, the file path (":memory:" for an in-memory database).
  std::string sqlite_path() const {
    if (scheme != "sqlite") detail::bad_url(fmt::format("{} is not a sqlite: URL", redacted()));
    std::string_view rest = text;
    if (detail::ascii_lower(rest.substr(0, 5)) == "file:") return text;
    auto separator = rest.find("://");
    if (separator != std::string_view::npos) {
      rest.remove_prefix(separator + 3);  // sqlite:///rel.db, sqlite:////abs.db, sqlite+pysqlite:///rel.db
      if (rest.starts_with("/")) rest.remove_prefix(1);
      if (rest.empty()) return ":memory:";
      return std::string(rest);
    }
    if (detail::ascii_lower(rest.substr(0, 7)) != "sqlite:") return std::string(rest);
    rest.remove_prefix(7);
    if (rest.empty()) return ":memory:";
    return std::string(rest);
  }

  /// The URL with any password and secret-looking query values replaced by "***".
  std::string redacted() const { return migrate::redact_url(text); }

 private:
  static std::string canonical_scheme(std::string_view given) {
    auto scheme = detail::ascii_lower(given);
    if (auto plus = scheme.find('+'); plus != std::string::npos) scheme.resize(plus);  // SQLAlchemy's "+driver"
    if (scheme == "postgres") scheme = "postgresql";
    return scheme;
  }

  // What libpq would reject while quoting the URL, or part of the password, in its message.
  void check_postgresql() const {
    auto url = canonical();
    auto host = detail::libpq_host_start(url, url.find("://") + 3);
    auto host_end = std::min(url.find_first_of("/?", host), url.size());
    auto hosts = std::string_view(url).substr(host, host_end - host);
    if (std::count(hosts.begin(), hosts.end(), '[') != std::count(hosts.begin(), hosts.end(), ']'))
      detail::bad_url(fmt::format("{} has unbalanced [ ] around an IPv6 host", redacted()));
    for (auto pos = url.find('%'); pos != std::string::npos; pos = url.find('%', pos + 1))
      if (pos + 2 >= url.size() || detail::hex_value(url[pos + 1]) < 0 || detail::hex_value(url[pos + 2]) < 0)
        detail::bad_url(fmt::format("{} has a '%' not followed by two hex digits; write %25", redacted()));
    for (char c : std::string_view(url).substr(host))
      if (detail::is_space(c) || static_cast<unsigned char>(c) < 0x20)
        detail::bad_url(fmt::format("{} holds whitespace or a control character; percent-encode it", redacted()));
  }
};

/// `DATABASE_URL` from the environment, else (unset) `default_database_url`. A set but empty `DATABASE_URL` is
/// `errc::bad_database_url`: a deployment that meant to name a database must not get a new SQLite file.
inline database_url database_url_from_environment() {
  const char* url = std::getenv("DATABASE_URL");
  if (url && !*url)
    detail::bad_url(fmt::format("DATABASE_URL is set but empty; unset it to use the embedded default {}, or name "
                                "a database",
                                default_database_url));
  return database_url::parse(url ? std::string_view(url) : default_database_url);
}

}  // namespace migrate
