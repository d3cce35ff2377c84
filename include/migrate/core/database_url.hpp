#pragma once
/// Database URLs (`DATABASE_URL`, `--database`): parsing and printing without secrets.

#include <cstdlib>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <migrate/core/errors.hpp>
#include <migrate/core/redact.hpp>

namespace migrate {

/// Used when `DATABASE_URL` is unset: an embedded SQLite file in the working directory.
inline constexpr std::string_view default_database_url = "sqlite:///migrate.sqlite3";

/// A URL split at its scheme: "postgresql://u:p@h/db" gives scheme "postgresql".
struct database_url {
  std::string scheme;  ///< lower case; "sqlite" for plain paths
  std::string text;    ///< the whole URL as given

  /// Parses SQLAlchemy-style URLs: `sqlite:///relative.db`, `sqlite:////abs/path.db`, `sqlite://` (memory),
  /// `postgresql://...`, `http(s)://...` (FHIR), or a plain file path (SQLite).
  static database_url parse(std::string_view url) {
    if (url.empty()) throw error(errc::bad_database_url, "the database URL is empty");
    auto colon = url.find(':');
    auto scheme_end = url.find("://");
    bool plain_path = colon == std::string_view::npos || (scheme_end == std::string_view::npos && !url.starts_with("sqlite:"));
    if (plain_path) return {"sqlite", std::string(url)};
    std::string scheme;
    for (char c : url.substr(0, colon)) scheme += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    auto plus = scheme.find('+');  // "postgresql+psycopg2://" as SQLAlchemy writes it
    if (plus != std::string::npos) scheme.resize(plus);
    if (scheme == "postgres") scheme = "postgresql";
    return {scheme, std::string(url)};
  }

  /// For `sqlite:` URLs, the file path (":memory:" for an in-memory database).
  std::string sqlite_path() const {
    std::string_view rest = text;
    if (scheme != "sqlite") throw error(errc::bad_database_url, fmt::format("{} is not a sqlite: URL", redacted()));
    if (!rest.starts_with("sqlite:")) return std::string(rest);
    rest.remove_prefix(7);
    if (rest.starts_with("///")) rest.remove_prefix(3);  // sqlite:///rel.db, sqlite:////abs.db
    else if (rest.starts_with("//")) rest.remove_prefix(2);
    if (rest.empty()) return ":memory:";
    return std::string(rest);
  }

  /// The URL with any password and secret-looking query values replaced by "***".
  std::string redacted() const { return migrate::redact_url(text); }

};

/// `DATABASE_URL` from the environment, else `default_database_url`.
inline database_url database_url_from_environment() {
  const char* url = std::getenv("DATABASE_URL");
  return database_url::parse(url && *url ? std::string_view(url) : default_database_url);
}

}  // namespace migrate
