// Redaction and URL parsing over the table of URL shapes (url_shapes.hpp): nothing printed may show a secret.
#include <cstdlib>
#include <string>

#include <catch2/catch.hpp>

#include <migrate/core/database_url.hpp>
#include <migrate/core/redact.hpp>

#include "url_shapes.hpp"

using migrate::database_url;
using url_shapes::kind;
using url_shapes::leaks;

using url_shapes::parse_error;

TEST_CASE("every URL shape: redact_url, secrets_in, parse, canonical", "[url][redact]") {
  for (const auto& shape : url_shapes::shapes) {
    INFO("shape: " << shape.name << "  " << shape.url);
    auto redacted = migrate::redact_url(shape.url);
    CHECK(redacted == shape.redacted);
    bool recognisable = shape.url.find("://") != std::string_view::npos || shape.url.find('=') != std::string_view::npos;
    if (recognisable) {
      CHECK_FALSE(leaks(redacted));
      // The same URL quoted inside a driver's message, as libpq quotes what it rejects.
      auto quoted = migrate::redact_url("missing \"=\" after \"" + std::string(shape.url) + "\" in connection info");
      CHECK_FALSE(leaks(quoted));
      auto after = migrate::redact_url("cannot connect to " + std::string(shape.url) + ": refused");
      CHECK_FALSE(leaks(after));
      // Every secret found covers a marker, and hiding them all hides every marker.
      auto secrets = migrate::secrets_in(shape.url);
      CHECK_FALSE(secrets.empty());
      std::string scrubbed(shape.url);
      for (const auto& secret : secrets) {
        CHECK(leaks(secret));
        scrubbed = migrate::redact(scrubbed, secret);
      }
      CHECK_FALSE(leaks(scrubbed));
    }

    auto error = parse_error(shape.url);
    CHECK_FALSE(leaks(error));
    if (shape.parses == kind::rejected) {
      CHECK_FALSE(error.empty());
      continue;
    }
    REQUIRE(error.empty());
    auto url = database_url::parse(shape.url);
    CHECK(url.scheme == (shape.parses == kind::postgresql ? "postgresql"
                         : shape.parses == kind::http     ? (shape.url.starts_with("https") ? "https" : "http")
                                                          : "mysql"));
    CHECK(url.canonical() == (shape.canonical.empty() ? shape.url : shape.canonical));
    CHECK_FALSE(leaks(migrate::redact_url(url.canonical())));
    CHECK_FALSE(leaks(url.redacted()));
    if (shape.parses == kind::postgresql) {
      CHECK(url.libpq_conninfo() == url.canonical());
    } else {
      CHECK_THROWS_AS(url.libpq_conninfo(), migrate::error);
    }
  }
}

TEST_CASE("percent-encoded secrets are also known decoded", "[url][redact]") {
  auto secrets = migrate::secrets_in("postgresql://u:p%40ss%3Aw0rd@h/db?password=a%26b");
  CHECK(secrets == std::vector<std::string>{"p%40ss%3Aw0rd", "p@ss:w0rd", "a%26b", "a&b"});
}

TEST_CASE("redaction leaves what holds no secret", "[url][redact]") {
  CHECK(migrate::redact_url("sqlite:///a@b:c.db") == "sqlite:///a@b:c.db");
  CHECK(migrate::redact_url("failed (password='SEK''RIT') here") == "failed (password='***') here");
  CHECK(migrate::redact_url("postgresql://app@db/clinic") == "postgresql://app@db/clinic");
  CHECK(migrate::redact_url("postgresql://db/clinic?user=a@corp") == "postgresql://db/clinic?user=a@corp");
  CHECK(migrate::redact_url("migration 3f2a failed: code=42 in checksum=abc") ==
        "migration 3f2a failed: code=42 in checksum=abc");
  // '@' in a query value after a port is ambiguous: redaction errs on the side of hiding more, never less.
  CHECK_FALSE(migrate::redact_url("postgresql://h:5432/db?user=me@corp").find("5432/db?user=me@") !=
              std::string::npos);
}

