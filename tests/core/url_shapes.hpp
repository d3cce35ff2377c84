#pragma once
// Database URL shapes a user or an attacker may hand migrate, each with the secret it holds. Every secret is spelled
// from the markers "SEK" and "RIT", which nothing else contains: output holding either marker leaks (part of) one.

#include <array>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include <migrate/core/database_url.hpp>

namespace url_shapes {

inline constexpr std::array<std::string_view, 2> markers = {"SEK", "RIT"};

/// Whether `text` shows any part of a secret.
inline bool leaks(std::string_view text) {
  for (auto marker : markers)
    if (text.find(marker) != std::string_view::npos) return true;
  return false;
}

enum class kind {
  postgresql,  ///< parses as a postgresql URL (hosts are unreachable: 127.0.0.1 port 1, [::1] port 1)
  http,        ///< parses as an http(s) URL (FHIR)
  other,       ///< parses, with a scheme no store of migrate opens
  rejected,    ///< database_url::parse refuses it (bad_database_url)
};

struct shape {
  std::string_view name;
  std::string_view url;
  std::string_view redacted;  ///< what redact_url(url) must give
  kind parses;
  std::string_view canonical = {};  ///< database_url::canonical(), when it differs from the URL
};

// clang-format off
inline constexpr std::array shapes = {
  shape{"plain password", "postgresql://mig:SEKRIT@127.0.0.1:1/db",
        "postgresql://mig:***@127.0.0.1:1/db", kind::postgresql},
  shape{"percent-encoded '@' and ':'", "postgresql://mig:SEK%40RIT%3Ax@127.0.0.1:1/db",
        "postgresql://mig:***@127.0.0.1:1/db", kind::postgresql},
  shape{"raw '@' in the password", "postgresql://mig:SEK@RIT@127.0.0.1:1/db",
        "postgresql://mig:***@127.0.0.1:1/db", kind::postgresql, "postgresql://mig:SEK%40RIT@127.0.0.1:1/db"},
  shape{"raw ':' in the password", "postgresql://mig:SEK:RIT@127.0.0.1:1/db",
        "postgresql://mig:***@127.0.0.1:1/db", kind::postgresql},
  shape{"raw '?' and '#' in the password", "postgresql://mig_q:SEK?RIT#42@127.0.0.1:1/db",
        "postgresql://mig_q:***@127.0.0.1:1/db", kind::postgresql},
  shape{"raw '/' in the password", "postgresql://mig:SEK/RIT@127.0.0.1:1/db",
        "postgresql://mig:***@127.0.0.1:1/db", kind::postgresql, "postgresql://mig:SEK%2FRIT@127.0.0.1:1/db"},
  shape{"raw '/', '?', '#' and '@' in the password", "postgresql://mig:SEK/?#@RIT@127.0.0.1:1/db?sslmode=disable",
        "postgresql://mig:***@127.0.0.1:1/db?sslmode=disable", kind::postgresql,
        "postgresql://mig:SEK%2F%3F%23%40RIT@127.0.0.1:1/db?sslmode=disable"},
  shape{"query password=", "postgresql://mig@127.0.0.1:1/db?password=SEKRIT&sslmode=disable",
        "postgresql://mig@127.0.0.1:1/db?password=***&sslmode=disable", kind::postgresql},
  shape{"query sslpassword=", "postgresql://mig@127.0.0.1:1/db?sslmode=disable&sslpassword=SEK%26RIT",
        "postgresql://mig@127.0.0.1:1/db?sslmode=disable&sslpassword=***", kind::postgresql},
  shape{"IPv6 host", "postgresql://mig:SEKRIT@[::1]:1/db",
        "postgresql://mig:***@[::1]:1/db", kind::postgresql},
  shape{"IPv6 host, raw '#' in the password", "postgresql://mig:SEK#RIT@[::1]:1/db",
        "postgresql://mig:***@[::1]:1/db", kind::postgresql},
  shape{"unclosed IPv6 bracket", "postgresql://mig:SEKRIT@[::1:1/db",
        "postgresql://mig:***@[::1:1/db", kind::rejected},
  shape{"unopened IPv6 bracket", "postgresql://mig:SEKRIT@::1]:1/db",
        "postgresql://mig:***@::1]:1/db", kind::rejected},
  shape{"bad percent-escape in the password", "postgresql://mig:SEK%zzRIT@127.0.0.1:1/db",
        "postgresql://mig:***@127.0.0.1:1/db", kind::rejected},
  shape{"upper-case scheme", "POSTGRESQL://mig:SEKRIT@127.0.0.1:1/db",
        "POSTGRESQL://mig:***@127.0.0.1:1/db", kind::postgresql, "postgresql://mig:SEKRIT@127.0.0.1:1/db"},
  shape{"+driver scheme", "postgresql+psycopg2://mig:SEKRIT@127.0.0.1:1/db",
        "postgresql+psycopg2://mig:***@127.0.0.1:1/db", kind::postgresql, "postgresql://mig:SEKRIT@127.0.0.1:1/db"},
  shape{"postgres:// alias, mixed case", "Postgres://mig:SEK?RIT@127.0.0.1:1/db",
        "Postgres://mig:***@127.0.0.1:1/db", kind::postgresql, "postgresql://mig:SEK?RIT@127.0.0.1:1/db"},
  shape{"libpq key=value", "host=127.0.0.1 port=1 user=mig password=SEKRIT",
        "host=127.0.0.1 port=1 user=mig password=***", kind::rejected},
  shape{"libpq key=value, quoted value with a space", "host=127.0.0.1 password='SEK RIT' user=mig",
        "host=127.0.0.1 password='***' user=mig", kind::rejected},
  shape{"libpq key=value, escaped quote and spaces around '='", R"(dbname=db password = 'SEK\'RIT' port=1)",
        "dbname=db password = '***' port=1", kind::rejected},
  shape{"scheme without //", "postgresql:mig:SEKRIT@127.0.0.1/db",
        "postgresql:mig:SEKRIT@127.0.0.1/db", kind::rejected},
  shape{"unknown scheme", "mysql://mig:SEKRIT@127.0.0.1:1/db",
        "mysql://mig:***@127.0.0.1:1/db", kind::other},
  shape{"FHIR URL with ?access_token=", "https://127.0.0.1:1/fhir?_format=json&access_token=SEKRIT",
        "https://127.0.0.1:1/fhir?_format=json&access_token=***", kind::http},
  shape{"FHIR URL with user-info", "HTTP://client:SEK@RIT@127.0.0.1:1/fhir",
        "HTTP://client:***@127.0.0.1:1/fhir", kind::http, "http://client:SEK@RIT@127.0.0.1:1/fhir"},
};
// clang-format on

// What database_url::parse says about `url`: its message when it refuses, else "".
inline std::string parse_error(std::string_view url) {
  try {
    migrate::database_url::parse(url);
    return "";
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::bad_database_url);
    return e.what();
  }
}

}  // namespace url_shapes
