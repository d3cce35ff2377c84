// The PostgreSQL URL shapes of tests/core/url_shapes.hpp against the live test server (trust authentication, so
// any password connects): the URL libpq receives holds the whole secret, and no event, status line or --json
// output shows it. Needs the postgres_server CTest fixture (tests/postgres).

#include <string>

#include <libpq-fe.h>

#include "harness.hpp"
#include "url_shapes.hpp"
#include <postgres_fixture.hpp>

using namespace cli_test;
using url_shapes::kind;
using url_shapes::leaks;

namespace {
MIGRATE_SQL_MIGRATION(create_notes, .revision = "d2d2d2d2d2d2", .description = "create notes",
                      .created = "2026-11-20 09:00:00", .up = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
                      .down = "DROP TABLE notes");
using notes = migrate::registry<create_notes>;

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  if (auto at = text.find(from); at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// `shape_url` aimed at the live server and `database`: 127.0.0.1 stays, [::1] becomes the IPv4-mapped
// [::ffff:127.0.0.1] (the server listens on 127.0.0.1 only), port 1 becomes the server's.
std::string live_url(std::string_view shape_url, const std::string& server_url, const std::string& database) {
  auto port = server_url.substr(server_url.rfind(':') + 1);
  port = port.substr(0, port.find('/'));
  auto url = replaced(std::string(shape_url), "127.0.0.1:1/db", "127.0.0.1:" + port + "/" + database);
  return replaced(url, "[::1]:1/db", "[::ffff:127.0.0.1]:" + port + "/" + database);
}

// Whether libpq's connection holds `value` as one of its options (password, sslpassword, ...).
bool connection_holds(PGconn* connection, const std::string& value) {
  bool found = false;
  if (PQconninfoOption* options = PQconninfo(connection)) {
    for (auto* o = options; o->keyword; ++o) found = found || (o->val && value == o->val);
    PQconninfoFree(options);
  }
  return found;
}
}  // namespace

TEST_CASE("PostgreSQL URL shapes connect with their whole secret, and no output shows it", "[url][redact][postgres]") {
  migrate_test::scratch_database database;
  {
    migrate::postgres::store admin(database.url());
    admin.session().execute_script(
        "DO $$ BEGIN CREATE ROLE mig LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
        "DO $$ BEGIN CREATE ROLE mig_q LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END $$;");
  }
  auto name = database.url().substr(database.url().rfind('/') + 1);
  int connected = 0;
  for (const auto& shape : url_shapes::shapes) {
    if (shape.parses != kind::postgresql) continue;
    auto url = live_url(shape.url, migrate_test::test_server_url(), name);
    INFO("shape: " << shape.name << "  " << url);
    auto secret = migrate::secrets_in(url).back();  // percent-decoded, as libpq holds it

    memory_stream log;
    migrate::run_options options;
    options.sinks = migrate::events{migrate::json_lines_sink(log.file()), migrate::text_sink(log.file())};
    std::string described;
    try {
      migrate::with_database(migrate::database_url::parse(url), [&](auto& store) {
        if constexpr (std::is_same_v<std::remove_reference_t<decltype(store)>, migrate::postgres::store>) {
          CHECK(connection_holds(store.session().native_handle(), secret));
          described = store.describe();
          migrate::migrator<notes, migrate::postgres::store> runner(store, options);
          runner.downgrade(migrate::target::base());  // each shape starts from base, so each applies and says so
          runner.upgrade();
          ++connected;
        } else {
          FAIL_CHECK("a postgresql URL opened another store");
        }
      });
    } catch (const std::exception& e) {
      FAIL_CHECK("did not connect: " << e.what());
      continue;
    }
    CHECK_THAT(described, Catch::Matchers::StartsWith("postgresql://mig"));
    CHECK_FALSE(leaks(described));
    auto events = log.text();
    CHECK_THAT(events, Catch::Matchers::Contains("\"event\":\"applied\""));
    CHECK_THAT(events, Catch::Matchers::Contains("\"store\":\"postgresql://mig"));
    CHECK_FALSE(leaks(events));

    sandbox box;
    for (bool json : {false, true}) {
      auto status = json ? box.run<notes>({"status", "--json", "--database", url})
                         : box.run<notes>({"status", "--database", url});
      CHECK(status.exit == 0);
      CHECK_THAT(status.out, Catch::Matchers::Contains("postgresql://mig"));
      CHECK_FALSE(leaks(status.out));
      CHECK_FALSE(leaks(status.err));
    }
  }
  CHECK(connected >= 12);
}
