// Parsing database URLs: schemes, canonical form for drivers, file paths, DATABASE_URL.
#include <cstdlib>
#include <string>

#include <catch2/catch.hpp>

#include <migrate/core/database_url.hpp>

#include "url_shapes.hpp"

using migrate::database_url;

using url_shapes::parse_error;

TEST_CASE("canonical() keeps a URL libpq reads as a valid host list", "[url]") {
  // libpq takes no user-info here (the '@' is in the query): rewriting it would connect to another host.
  CHECK(database_url::parse("postgresql://h:5432/db?user=me@corp").canonical() == "postgresql://h:5432/db?user=me@corp");
  CHECK(database_url::parse("postgresql://u:pa?ss@h?application_name=a@b").canonical() ==
        "postgresql://u:pa?ss@h?application_name=a@b");
  // Azure-style user names with a raw '@': libpq alone would read host "myserver:pw@h".
  CHECK(database_url::parse("postgresql://admin@myserver:pw@h/db").canonical() ==
        "postgresql://admin%40myserver:pw@h/db");
  CHECK(database_url::parse("postgres://u@h,h2:5433/db").canonical() == "postgresql://u@h,h2:5433/db");
}

TEST_CASE("a set value that is neither a URL nor an obvious file path is an error", "[url]") {
  for (auto path : {"/var/lib/app", "./app", "../app", "app.db", "data/app.sqlite3", "APP.SQLITE", "x.db3"}) {
    INFO(path);
    auto url = database_url::parse(path);
    CHECK(url.scheme == "sqlite");
    CHECK(url.sqlite_path() == path);
  }
  CHECK_THAT(parse_error(""), Catch::Matchers::Contains("empty"));
  CHECK_THAT(parse_error("clinic"), Catch::Matchers::Contains("neither a URL nor an obvious file path"));
  CHECK_THAT(parse_error("clinic"), !Catch::Matchers::Contains("'clinic'"));
  CHECK_THAT(parse_error(":memory:"), Catch::Matchers::Contains("sqlite://"));
  CHECK_THAT(parse_error("postgresql:clinic"),
             Catch::Matchers::Contains("starts with 'postgresql:' but not 'postgresql://'"));
  CHECK_THAT(parse_error("host=h user=u password=SEKRIT dbname=clinic"),
             Catch::Matchers::Contains("key=value connection string (keys: host, user, password, dbname)"));
  CHECK_THAT(parse_error("a b=c.db"), Catch::Matchers::Contains("key=value"));
  CHECK_THAT(parse_error("1http://x"), Catch::Matchers::Contains("neither a URL"));
}

TEST_CASE("SQLAlchemy-style sqlite URLs and schemes", "[url]") {
  CHECK(database_url::parse("sqlite:///app.db").sqlite_path() == "app.db");
  CHECK(database_url::parse("sqlite:////var/lib/app.db").sqlite_path() == "/var/lib/app.db");
  CHECK(database_url::parse("sqlite://").sqlite_path() == ":memory:");
  CHECK(database_url::parse("sqlite:relative.db").sqlite_path() == "relative.db");
  CHECK(database_url::parse("SQLite+pysqlite:///app.db").sqlite_path() == "app.db");
  CHECK(database_url::parse("sqlite::memory:").sqlite_path() == ":memory:");
  CHECK(database_url::parse("file:app.db?mode=rwc").sqlite_path() == "file:app.db?mode=rwc");
  CHECK(database_url::parse("file:///var/lib/app.db").sqlite_path() == "file:///var/lib/app.db");
  CHECK(database_url::parse("postgres://u@h/db").scheme == "postgresql");
  CHECK(database_url::parse("HTTPS://fhir.example/fhir").canonical() == "https://fhir.example/fhir");
  CHECK_THROWS_AS(database_url::parse("postgresql://h/db").sqlite_path(), migrate::error);
}

TEST_CASE("DATABASE_URL: unset means the default, set but empty is an error", "[url]") {
  ::unsetenv("DATABASE_URL");
  CHECK(migrate::database_url_from_environment().text == migrate::default_database_url);
  ::setenv("DATABASE_URL", "", 1);
  try {
    migrate::database_url_from_environment();
    FAIL("a set but empty DATABASE_URL must not open the default");
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::bad_database_url);
    CHECK_THAT(e.what(), Catch::Matchers::Contains("DATABASE_URL is set but empty"));
  }
  ::unsetenv("DATABASE_URL");
}
