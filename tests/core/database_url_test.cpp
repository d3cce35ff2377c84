#include <catch2/catch.hpp>

#include <migrate/core/database_url.hpp>
#include <migrate/core/redact.hpp>

TEST_CASE("database URLs: SQLAlchemy-style sqlite paths and schemes", "[url]") {
  using migrate::database_url;
  CHECK(database_url::parse("sqlite:///app.db").sqlite_path() == "app.db");
  CHECK(database_url::parse("sqlite:////var/lib/app.db").sqlite_path() == "/var/lib/app.db");
  CHECK(database_url::parse("sqlite://").sqlite_path() == ":memory:");
  CHECK(database_url::parse("sqlite:relative.db").sqlite_path() == "relative.db");
  CHECK(database_url::parse("data/app.db").sqlite_path() == "data/app.db");
  CHECK(database_url::parse("postgres://u@h/db").scheme == "postgresql");
  CHECK(database_url::parse("postgresql+psycopg2://u@h/db").scheme == "postgresql");
  CHECK(database_url::parse("HTTPS://fhir.example/fhir").scheme == "https");
  CHECK_THROWS_AS(database_url::parse(""), migrate::error);
  CHECK_THROWS_AS(database_url::parse("postgresql://h/db").sqlite_path(), migrate::error);
}

TEST_CASE("redaction hides passwords and tokens", "[url]") {
  using migrate::database_url;
  CHECK(migrate::redact_url("postgresql://app:s3cret@db:5432/clinic") == "postgresql://app:***@db:5432/clinic");
  CHECK(migrate::redact_url("postgresql://app@db/clinic") == "postgresql://app@db/clinic");
  CHECK(migrate::redact_url("postgresql://db/clinic?user=a&password=s3cret&sslmode=require") ==
        "postgresql://db/clinic?user=a&password=***&sslmode=require");
  CHECK(migrate::redact_url("https://fhir/x?access_token=abc.def") == "https://fhir/x?access_token=***");
  CHECK(migrate::redact_url("sqlite:///a@b:c.db") == "sqlite:///a@b:c.db");
}
