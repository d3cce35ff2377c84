#pragma once
// The store-agnostic trust suite: failures are reported truthfully, stamp/reset never silently forget, and recorded
// times are UTC in every time zone. Instantiate with MIGRATE_TRUST_SUITE(Fixture), the fixture of runtime_suite.hpp.

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <migrate/core.hpp>
#include <migrate/core/detail/utc_time.hpp>

#include "runtime_suite.hpp"

namespace migrate_test {
namespace trust {
MIGRATE_CODE_MIGRATION(throws_int, .revision = "t1", .revises = "r2", .description = "throws an int") {
  template <has_effects S>
  static void upgrade(S& s) {
    ::migrate_test::add_effect(s, "t1");
    throw 42;
  }
  template <has_effects S>
  static void downgrade(S&) {}
};
using non_standard = migrate::registry<suite::r1, suite::r2, throws_int>;
using older = migrate::registry<suite::r1, suite::r2>;  // a build that predates r3
}  // namespace trust

/// Sets TZ for one scope (and restores it), failing the test when the zone is not really in effect.
class time_zone_scope {
 public:
  explicit time_zone_scope(const char* zone) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    ::setenv("TZ", zone, 1);
    ::tzset();
    // A missing zone file silently means UTC, which would make a TZ test pass without testing anything.
    std::time_t now = std::time(nullptr);
    std::tm local{}, utc{};
    ::localtime_r(&now, &local);
    ::gmtime_r(&now, &utc);
    REQUIRE(local.tm_hour != utc.tm_hour);
  }
  ~time_zone_scope() {
    if (old_) ::setenv("TZ", old_->c_str(), 1);
    else ::unsetenv("TZ");
    ::tzset();
  }

 private:
  std::optional<std::string> old_;
};

/// True when `text` is a UTC timestamp within `slack` of now.
inline bool is_utc_now(const std::string& text, std::chrono::minutes slack = std::chrono::minutes(5)) {
  auto at = migrate::detail::parse_utc_timestamp(text);
  if (!at) return false;
  auto off = std::chrono::system_clock::now() - *at;
  return off < slack && -off < slack;
}

}  // namespace migrate_test

// clang-format off
#define MIGRATE_TRUST_SUITE(Fixture)                                                                             \
  MIGRATE_RUNTIME_SUITE_CASE(Fixture, "a non-standard exception is reported with its revision, rolled back, nested") { \
    using namespace migrate_test;                                                                                \
    migrate::migrator<trust::non_standard, Fixture::store_type> m(this->store(), quiet());                      \
    try {                                                                                                        \
      m.upgrade();                                                                                               \
      FAIL("upgrade should have thrown");                                                                        \
    } catch (const migrate::migration_failed_error& e) {                                                         \
      CHECK(e.revision() == "t1");                                                                               \
      CHECK_THAT(e.what(), Catch::Matchers::Contains("t1 (throws an int) failed: a non-standard exception of type int")); \
      int nested = 0;                                                                                            \
      try {                                                                                                      \
        std::rethrow_if_nested(e);                                                                               \
      } catch (int value) {                                                                                      \
        nested = value;                                                                                          \
      }                                                                                                          \
      CHECK(nested == 42);                                                                                       \
    }                                                                                                            \
    bool claims_t1 = false;                                                                                      \
    for (const auto& row : this->store().load_state()) claims_t1 = claims_t1 || (row.revision == "t1" && !row.in_progress); \
    CHECK_FALSE(claims_t1);                                                                                      \
    if (Fixture::atomic_steps) CHECK(this->effects() == names({"r1", "r2"}));                                    \
  }                                                                                                              \
  MIGRATE_RUNTIME_SUITE_CASE(Fixture, "a throwing event sink does not hide the migration's failure") {          \
    using namespace migrate_test;                                                                                \
    migrate::migrator<suite::failing, Fixture::store_type> m(this->store(), quiet({[](const migrate::event& e) { \
      if (e.kind == migrate::event_kind::failed) throw std::runtime_error("audit sink is down");                \
    }}));                                                                                                        \
    try {                                                                                                        \
      m.upgrade();                                                                                               \
      FAIL("upgrade should have thrown");                                                                        \
    } catch (const migrate::migration_failed_error& e) {                                                         \
      CHECK(e.revision() == "f1");                                                                               \
      CHECK_THAT(e.what(), Catch::Matchers::Contains("failed: boom from f1"));                                  \
      CHECK_THAT(e.what(), Catch::Matchers::Contains("an event sink failed too: audit sink is down"));          \
    }                                                                                                            \
  }                                                                                                              \
  MIGRATE_RUNTIME_SUITE_CASE(Fixture, "an older build's stamp and reset refuse to forget newer revisions") {    \
    using namespace migrate_test;                                                                                \
    migrate::migrator<suite::linear, Fixture::store_type> newer(this->store(), quiet());                        \
    newer.upgrade();                                                                                             \
    std::vector<migrate::event> seen;                                                                            \
    migrate::migrator<trust::older, Fixture::store_type> older(                                                  \
        this->store(), quiet({[&seen](const migrate::event& e) { seen.push_back(e); }}));                       \
    auto status = older.status();                                                                                \
    CHECK_FALSE(status.up_to_date());                                                                            \
    REQUIRE_FALSE(status.findings.empty());                                                                      \
    CHECK(status.findings[0].code == migrate::errc::unknown_revision);                                           \
    auto refused = [](migrate::errc code) {                                                                      \
      return Catch::Matchers::Predicate<migrate::error>([code](const migrate::error& e) {                       \
        return e.code() == code && std::string(e.what()).find("r3") != std::string::npos;                       \
      });                                                                                                        \
    };                                                                                                           \
    CHECK_THROWS_MATCHES(older.stamp(migrate::target::head()), migrate::error, refused(migrate::errc::unknown_revision)); \
    CHECK_THROWS_MATCHES(older.reset(), migrate::error, refused(migrate::errc::unknown_revision));              \
    CHECK(revisions_of(this->store().load_state()) == std::vector<std::string>{"r1", "r2", "r3"});              \
    CHECK(this->effects() == names({"r1", "r2", "r3"}));                                                         \
    older.stamp(migrate::target::head(), migrate::stamp_options{.forget_unknown = true});                       \
    CHECK(revisions_of(this->store().load_state()) == std::vector<std::string>{"r1", "r2"});                    \
    bool repaired = false;                                                                                       \
    for (const auto& e : seen)                                                                                   \
      repaired = repaired || (e.kind == migrate::event_kind::repaired && e.message.find("r3") != std::string::npos); \
    CHECK(repaired);                                                                                             \
  }                                                                                                              \
  MIGRATE_RUNTIME_SUITE_CASE(Fixture, "recorded times are UTC west and east of Greenwich") {                    \
    using namespace migrate_test;                                                                                \
    for (const char* zone : {"America/New_York", "Asia/Tokyo"}) {                                                \
      time_zone_scope tz(zone);                                                                                  \
      migrate::migrator<suite::linear, Fixture::store_type> m(this->store(), quiet());                          \
      m.upgrade(migrate::target::parse("+1"));                                                                   \
      auto rows = this->store().load_state();                                                                    \
      REQUIRE_FALSE(rows.empty());                                                                               \
      INFO(zone << ": applied_at " << rows.back().applied_at);                                                   \
      CHECK(is_utc_now(rows.back().applied_at));                                                                 \
    }                                                                                                            \
  }
// clang-format on
