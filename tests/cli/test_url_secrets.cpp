// Every URL shape of tests/core/url_shapes.hpp through every output path that can print it: exceptions from
// with_database() and upgrade_all(), the CLI's text and --json output, from --database and from DATABASE_URL.
// Built twice: SQLite only (cli_url_secrets_tests) and with migrate::postgres (cli_url_secrets_pg_tests), where the
// PostgreSQL shapes reach libpq and fail to connect (port 1).

#include <cstdlib>
#include <string>

#include "harness.hpp"
#include "url_shapes.hpp"

using namespace cli_test;
using url_shapes::kind;
using url_shapes::leaks;

namespace {
MIGRATE_SQL_MIGRATION(create_notes, .revision = "d1d1d1d1d1d1", .description = "create notes",
                      .created = "2026-11-20 09:00:00", .up = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
                      .down = "DROP TABLE notes");
using notes = migrate::registry<create_notes>;

constexpr bool with_postgres =
#if defined(MIGRATE_WITH_POSTGRES)
    true;
#else
    false;
#endif

// The message, error code and type of what `open` throws.
struct failure {
  std::string message;
  std::optional<migrate::errc> code;
};
template <class F>
failure failure_of(F&& open) {
  try {
    open();
  } catch (const migrate::error& e) {
    return {e.what(), e.code()};
  } catch (const std::exception& e) {
    return {e.what(), std::nullopt};
  }
  return {"(nothing thrown)", std::nullopt};
}

// Runs a test in `dir`, so a file a URL would wrongly create lands there, where the test looks.
class working_directory {
 public:
  explicit working_directory(const std::string& dir) : previous_(std::filesystem::current_path()) {
    std::filesystem::current_path(dir);
  }
  working_directory(const working_directory&) = delete;
  working_directory& operator=(const working_directory&) = delete;
  ~working_directory() { std::filesystem::current_path(previous_); }

 private:
  std::filesystem::path previous_;
};

std::size_t files_in(const std::string& dir) {
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  return files;
}

// What opening a shape must fail with in this build.
migrate::errc expected_code(kind k) {
  return k == kind::postgresql && with_postgres ? migrate::errc::store_failure : migrate::errc::bad_database_url;
}
}  // namespace

TEST_CASE("no URL shape shows its secret in exceptions from with_database and upgrade_all", "[url][redact]") {
  for (const auto& shape : url_shapes::shapes) {
    INFO("shape: " << shape.name << "  " << shape.url);
    auto opened = failure_of([&] {
      migrate::with_database(migrate::database_url::parse(shape.url), [](auto& store) { return store.describe(); });
    });
    CHECK_FALSE(leaks(opened.message));
    CHECK(opened.code == expected_code(shape.parses));
    if (shape.parses == kind::postgresql && with_postgres)
      CHECK_THAT(opened.message, Catch::Matchers::Contains("cannot connect"));
    if (shape.parses == kind::other || (shape.parses == kind::postgresql && !with_postgres))
      CHECK_THAT(opened.message, Catch::Matchers::Contains(std::string(migrate::opened_database_urls)));

    ::setenv("DATABASE_URL", std::string(shape.url).c_str(), 1);
    memory_stream events;
    migrate::run_options options;
    options.sinks = migrate::events{migrate::json_lines_sink(events.file()), migrate::text_sink(events.file())};
    auto upgraded = failure_of([&] { migrate::upgrade_all<notes>(options); });
    ::unsetenv("DATABASE_URL");
    CHECK_FALSE(leaks(upgraded.message));
    CHECK_FALSE(leaks(events.text()));
    CHECK(upgraded.code == expected_code(shape.parses));
    if (shape.parses == kind::rejected)
      CHECK_THAT(upgraded.message, Catch::Matchers::Contains(std::string(migrate::opened_database_urls)));
  }
}

TEST_CASE("no URL shape shows its secret in the CLI's text or --json output", "[url][redact]") {
  for (const auto& shape : url_shapes::shapes) {
    INFO("shape: " << shape.name << "  " << shape.url);
    sandbox box;
    working_directory in_sandbox(box.dir());
    for (bool json : {false, true}) {
      auto by_option = json ? box.run<notes>({"status", "--json", "--database", shape.url})
                            : box.run<notes>({"status", "--database", shape.url});
      CHECK_FALSE(leaks(by_option.out));
      CHECK_FALSE(leaks(by_option.err));
      CHECK(by_option.exit == (expected_code(shape.parses) == migrate::errc::bad_database_url ? 2 : 1));
      box.env["DATABASE_URL"] = std::string(shape.url);
      auto by_environment = json ? box.run<notes>({"upgrade", "--json"}) : box.run<notes>({"upgrade"});
      CHECK_FALSE(leaks(by_environment.out));
      CHECK_FALSE(leaks(by_environment.err));
      CHECK(by_environment.exit == by_option.exit);
      if (json) CHECK_THAT(by_environment.out, Catch::Matchers::Contains("\"error\":{\"code\":\""));
    }
    // Nothing was created in place of the database: no file named after (part of) the URL.
    CHECK(files_in(box.dir()) == 0);
  }
}

TEST_CASE("a set DATABASE_URL that is no URL or obvious path is an error, never a new SQLite file", "[url]") {
  sandbox box;
  working_directory in_sandbox(box.dir());
  for (std::string value : {"host=localhost user=app password=SEKRIT dbname=clinic", "postgresql:clinic", "",
                            "mysql://app:SEKRIT@db/clinic", "clinic", "SEK RIT"}) {
    INFO("DATABASE_URL=" << value);
    box.env["DATABASE_URL"] = value;
    auto r = box.run<notes>({"upgrade"});
    CHECK(r.exit == 2);
    CHECK_THAT(r.err, Catch::Matchers::Contains("error:"));
    CHECK_FALSE(leaks(r.err));
    auto json = box.run<notes>({"upgrade", "--json"});
    CHECK_THAT(json.out, Catch::Matchers::Contains("\"code\":\"bad_database_url\""));
    CHECK_FALSE(leaks(json.out));

    ::setenv("DATABASE_URL", value.c_str(), 1);
    auto upgraded = failure_of([&] { migrate::upgrade_all<notes>(migrate::run_options{.sinks = {}}); });
    ::unsetenv("DATABASE_URL");
    CHECK(upgraded.code == migrate::errc::bad_database_url);
    CHECK_FALSE(leaks(upgraded.message));
  }
  CHECK(files_in(box.dir()) == 0);
}

TEST_CASE("an unset DATABASE_URL opens the embedded default and says so in an event", "[url]") {
  sandbox box;
  working_directory in_sandbox(box.dir());
  ::unsetenv("DATABASE_URL");
  memory_stream log;
  migrate::run_options options;
  options.sinks = migrate::events{migrate::json_lines_sink(log.file())};
  auto report = migrate::upgrade_all<notes>(options);
  CHECK(report.steps.size() == 1);
  CHECK(std::filesystem::exists(box.dir() + "/migrate.sqlite3"));
  auto text = log.text();
  CHECK_THAT(text, Catch::Matchers::StartsWith("{\"event\":\"default_database\""));
  CHECK_THAT(text, Catch::Matchers::Contains("\"store\":\"sqlite:///migrate.sqlite3\""));
  CHECK_THAT(text, Catch::Matchers::Contains("DATABASE_URL is unset; using the embedded default sqlite:///migrate.sqlite3"));
}
