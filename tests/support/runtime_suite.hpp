#pragma once
// The store-agnostic runtime suite: every store runs the same behavioural tests.
//
// Instantiate with MIGRATE_RUNTIME_SUITE(Fixture) where Fixture provides
//   using store_type = ...;                         // a migrate::store
//   store_type& store();                            // a fresh, empty store for this test case
//   std::vector<std::string> effects();             // sorted names recorded by the test migrations
//   static constexpr bool atomic_steps;             // true when a failed step leaves no trace (transactions)
// and migrate_test::effects<typename store_type::session_type> with static add(session, name) / remove(session, name).

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include <migrate/core.hpp>

namespace migrate_test {

/// Specialise per session type: how a test migration leaves a visible trace in the store.
template <class Session>
struct effects;

/// Sessions the test migrations can run on: those with an `effects` specialisation. Constraining the test
/// migrations on it keeps `migrate::can_run_on` exact, so URL dispatch skips stores a test does not cover.
template <class Session>
concept has_effects = requires(Session& s, std::string_view name) { effects<Session>::add(s, name); };

template <class Session>
void add_effect(Session& s, std::string_view name) {
  effects<Session>::add(s, name);
}
template <class Session>
void remove_effect(Session& s, std::string_view name) {
  effects<Session>::remove(s, name);
}

#define MIGRATE_TEST_STEP(name, ...)                                                 \
  MIGRATE_CODE_MIGRATION(name, __VA_ARGS__) {                                        \
    template <::migrate_test::has_effects S>                                         \
    static void upgrade(S& s) { ::migrate_test::add_effect(s, spec.revision); }      \
    template <::migrate_test::has_effects S>                                         \
    static void downgrade(S& s) { ::migrate_test::remove_effect(s, spec.revision); } \
  }

namespace suite {
MIGRATE_TEST_STEP(r1, .revision = "r1", .description = "first");
MIGRATE_TEST_STEP(r2, .revision = "r2", .revises = "r1", .description = "second");
MIGRATE_TEST_STEP(r3, .revision = "r3", .revises = "r2", .description = "third");
MIGRATE_TEST_STEP(b1, .revision = "b1", .revises = "r2", .description = "branch one");
MIGRATE_TEST_STEP(b2, .revision = "b2", .revises = "r2", .description = "branch two");
MIGRATE_TEST_STEP(merge, .revision = "m1", .revises = {"b1", "b2"}, .description = "merge branches");

MIGRATE_CODE_MIGRATION(fails, .revision = "f1", .revises = "r2", .description = "fails half-way") {
  template <has_effects S>
  static void upgrade(S& s) {
    ::migrate_test::add_effect(s, "f1");
    throw std::runtime_error("boom from f1");
  }
  template <has_effects S>
  static void downgrade(S&) {}
};
MIGRATE_TEST_STEP(after_failure, .revision = "f2", .revises = "f1", .description = "after the failure");

MIGRATE_CODE_MIGRATION(one_way, .revision = "i1", .revises = "r2", .description = "irreversible",
                       .irreversible = true) {
  template <has_effects S>
  static void upgrade(S& s) { ::migrate_test::add_effect(s, "i1"); }
};
MIGRATE_TEST_STEP(after_one_way, .revision = "i2", .revises = "i1", .description = "after irreversible");

using linear = migrate::registry<r3, r1, r2>;
using branched = migrate::registry<merge, b2, r1, b1, r2>;
using failing = migrate::registry<r1, r2, fails, after_failure>;
using irreversible = migrate::registry<r1, r2, one_way, after_one_way>;
}  // namespace suite

inline std::vector<std::string> names(std::initializer_list<const char*> list) {
  std::vector<std::string> out(list.begin(), list.end());
  std::sort(out.begin(), out.end());
  return out;
}

inline migrate::run_options quiet(migrate::events sinks = {}) { return {false, std::move(sinks)}; }

inline std::vector<std::string> revisions_of(const std::vector<migrate::applied_migration>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(row.revision);
  return out;
}

}  // namespace migrate_test

#define MIGRATE_RUNTIME_SUITE_CASE(Fixture, title) TEST_CASE_METHOD(Fixture, #Fixture ": " title, "[runtime]")

// clang-format off
#define MIGRATE_RUNTIME_SUITE(Fixture)                                                                           \
  MIGRATE_RUNTIME_SUITE_CASE(Fixture, "upgrade to head applies every migration once, parents first") {           \
    using namespace migrate_test;                                                                                \
    migrate::migrator<suite::linear, Fixture::store_type> m(this->store(), quiet());                            \
    auto report = m.upgrade();                                                                                   \
    REQUIRE(report.steps.size() == 3);                                                                           \
    CHECK(report.steps[0].revision == "r1");                                                                     \
    CHECK(report.steps[2].revision == "r3");                                                                     \
    CHECK(report.from.empty());                                                                                  \
    CHECK(report.to == std::vector<std::string>{"r3"});                                                          \
    CHECK(this->effects() == names({"r1", "r2", "r3"}));                                                         \
    CHECK(revisions_of(this->store().load_state()) == std::vector<std::string>{"r1", "r2", "r3"});              \
    CHECK(m.upgrade().steps.empty());                                                                            \
    CHECK(m.status().up_to_date());                                                                              \
  }                                                                                                              \
  MIGRATE_RUNTIME_SUITE_CASE(Fixture, "upgrade to a revision, by +N, and downgrade by -N, to a revision, base") { \
    using namespace migrate_test;                                                                                \
    migrate::migrator<suite::linear, Fixture::store_type> m(this->store(), quiet());                            \
    CHECK(m.upgrade(migrate::target::parse("r1")).steps.size() == 1);                                           \
    CHECK(m.upgrade(migrate::target::parse("+1")).steps.at(0).revision == "r2");                                \
    CHECK_THROWS_MATCHES(m.upgrade(migrate::target::parse("+2")), migrate::error,                               \
                         Catch::Matchers::Predicate<migrate::error>(                                            \
                             [](const migrate::error& e) { return e.code() == migrate::errc::invalid_target; }));   \
    CHECK(this->effects() == names({"r1", "r2"}));                                                               \
    m.upgrade();                                                                                                 \
    auto one = m.downgrade();                                                                                    \
    REQUIRE(one.steps.size() == 1);                                                                              \
    CHECK(one.steps[0].revision == "r3");                                                                        \
    CHECK(one.steps[0].way == migrate::direction::down);                                                         \
    CHECK(this->effects() == names({"r1", "r2"}));                                                               \
    m.upgrade();                                                                                                 \
    CHECK(m.downgrade(migrate::target::parse("r1")).steps.size() == 2);                                         \
    CHECK(this->effects() == names({"r1"}));                                                                     \
    CHECK(m.downgrade(migrate::target::base()).to.empty());                                                      \
    CHECK(this->effects().empty());                                                                              \
    CHECK(this->store().load_state().empty());                                                                   \
  }                                                                                                              \
  MIGRATE_RUNTIME_SUITE_CASE(Fixture, "branches joined by a merge migration upgrade and downgrade as one chain") { \
    using namespace migrate_test;                                                                                \
    migrate::migrator<suite::branched, Fixture::store_type> m(this->store(), quiet());                          \
    CHECK(m.upgrade(migrate::target::parse("b1")).steps.size() == 3);                                           \
    CHECK(this->effects() == names({"r1", "r2", "b1"}));                                                         \
    auto rest = m.upgrade();                                                                                     \
    REQUIRE(rest.steps.size() == 2);                                                                             \
    CHECK(rest.steps.back().revision == "m1");                                                                   \
    CHECK(m.status().current == std::vector<std::string>{"m1"});                                                 \
    m.downgrade();                                                                                               \
    auto heads = m.status().current;                                                                             \
    std::sort(heads.begin(), heads.end());                                                                       \
    CHECK(heads == std::vector<std::string>{"b1", "b2"});                                                        \
    m.downgrade(migrate::target::parse("b2"));                                                                   \
    CHECK(this->effects() == names({"r1", "r2", "b2"}));                                                         \
  }                                                                                                              \
  MIGRATE_RUNTIME_SUITE_CASE(Fixture, "a failing migration stops the run, names itself and is not recorded") {  \
    using namespace migrate_test;                                                                                \
    std::vector<migrate::event> seen;                                                                            \
    migrate::migrator<suite::failing, Fixture::store_type> m(                                                    \
        this->store(), quiet({[&seen](const migrate::event& e) { seen.push_back(e); }}));                       \
    try {                                                                                                        \
      m.upgrade();                                                                                               \
      FAIL("upgrade should have thrown");                                                                        \
    } catch (const migrate::migration_failed_error& e) {                                                         \
      CHECK(e.revision() == "f1");                                                                               \
      CHECK(e.store_message() == "boom from f1");                                                                \
      CHECK_THAT(e.what(), Catch::Matchers::Contains("f1 (fails half-way) failed: boom from f1"));              \
    }                                                                                                            \
    auto state = this->store().load_state();                                                                     \
    bool claims_f1 = false;                                                                                      \
    for (const auto& row : state) claims_f1 = claims_f1 || (row.revision == "f1" && !row.in_progress);           \
    CHECK_FALSE(claims_f1);                                                                                      \
    for (const auto& row : state) CHECK(row.revision != "f2");                                                   \
    auto effects_now = this->effects();                                                                          \
    CHECK(std::count(effects_now.begin(), effects_now.end(), "f2") == 0);                                       \
    if (Fixture::atomic_steps) {                                                                                 \
      CHECK(effects_now == names({"r1", "r2"}));                                                                 \
      CHECK(revisions_of(state) == std::vector<std::string>{"r1", "r2"});                                       \
    }                                                                                                            \
    bool failed_event = false;                                                                                   \
    for (const auto& e : seen) failed_event = failed_event || (e.kind == migrate::event_kind::failed && e.revision == "f1"); \
    CHECK(failed_event);                                                                                         \
  }                                                                                                              \
  MIGRATE_RUNTIME_SUITE_CASE(Fixture, "downgrading through an irreversible migration runs nothing") {           \
    using namespace migrate_test;                                                                                \
    migrate::migrator<suite::irreversible, Fixture::store_type> m(this->store(), quiet());                      \
    m.upgrade();                                                                                                 \
    CHECK_THROWS_WITH(m.downgrade(migrate::target::base()),                                                      \
                      Catch::Matchers::Contains("cannot downgrade through i1"));                                \
    CHECK(this->effects() == names({"r1", "r2", "i1", "i2"}));                                                   \
    CHECK(m.downgrade().steps.at(0).revision == "i2");                                                           \
  }                                                                                                              \
  MIGRATE_RUNTIME_SUITE_CASE(Fixture, "a revision this build does not know stops startup and changes nothing") { \
    using namespace migrate_test;                                                                                \
    migrate::migrator<suite::branched, Fixture::store_type> newer(this->store(), quiet());                      \
    newer.upgrade(migrate::target::parse("b1"));                                                                 \
    migrate::migrator<suite::linear, Fixture::store_type> older(this->store(), quiet());                        \
    try {                                                                                                        \
      older.upgrade();                                                                                           \
      FAIL("upgrade should have thrown");                                                                        \
    } catch (const migrate::error& e) {                                                                          \
      CHECK(e.code() == migrate::errc::unknown_revision);                                                        \
      CHECK_THAT(e.what(), Catch::Matchers::Contains("database is at revision b1 which this build does not know")); \
    }                                                                                                            \
    CHECK(this->effects() == names({"r1", "r2", "b1"}));                                                         \
    CHECK(older.verify().size() == 1);                                                                           \
  }                                                                                                              \
  MIGRATE_RUNTIME_SUITE_CASE(Fixture, "a dirty marker stops startup until stamp clears it") {                   \
    using namespace migrate_test;                                                                                \
    migrate::migrator<suite::linear, Fixture::store_type> m(this->store(), quiet());                            \
    m.upgrade(migrate::target::parse("r1"));                                                                     \
    auto rows = this->store().load_state();                                                                      \
    rows.push_back({"r2", "second", "", "2026-01-01T00:00:00Z", 0, true});                                       \
    this->store().replace_state(rows);                                                                           \
    auto status = m.status();                                                                                    \
    CHECK(status.dirty);                                                                                         \
    CHECK_THROWS_MATCHES(m.upgrade(), migrate::error,                                                            \
                         Catch::Matchers::Predicate<migrate::error>(                                            \
                             [](const migrate::error& e) { return e.code() == migrate::errc::dirty_state; }));      \
    CHECK(this->effects() == names({"r1"}));                                                                     \
    m.stamp(migrate::target::parse("r1"));                                                                       \
    CHECK_FALSE(m.status().dirty);                                                                               \
    CHECK(m.upgrade().steps.size() == 2);                                                                        \
  }                                                                                                              \
  MIGRATE_RUNTIME_SUITE_CASE(Fixture, "stamp and reset set the state without running migrations") {             \
    using namespace migrate_test;                                                                                \
    std::vector<migrate::event_kind> kinds;                                                                      \
    migrate::migrator<suite::linear, Fixture::store_type> m(                                                     \
        this->store(), quiet({[&kinds](const migrate::event& e) { kinds.push_back(e.kind); }}));               \
    auto stamped = m.stamp(migrate::target::parse("r2"));                                                        \
    CHECK(stamped.to == std::vector<std::string>{"r2"});                                                         \
    CHECK(this->effects().empty());                                                                              \
    CHECK(revisions_of(this->store().load_state()) == std::vector<std::string>{"r1", "r2"});                    \
    CHECK(m.upgrade().steps.size() == 1);                                                                        \
    CHECK(this->effects() == names({"r3"}));                                                                     \
    m.reset();                                                                                                   \
    CHECK(this->store().load_state().empty());                                                                   \
    CHECK(this->effects() == names({"r3"}));                                                                     \
    CHECK(std::count(kinds.begin(), kinds.end(), migrate::event_kind::stamped) == 1);                            \
    CHECK(std::count(kinds.begin(), kinds.end(), migrate::event_kind::reset) == 1);                              \
    CHECK_THROWS_AS(m.stamp(migrate::target::parse("nope")), migrate::error);                                    \
  }                                                                                                              \
  MIGRATE_RUNTIME_SUITE_CASE(Fixture, "history marks applied, current and head") {                              \
    using namespace migrate_test;                                                                                \
    migrate::migrator<suite::linear, Fixture::store_type> m(this->store(), quiet());                            \
    m.upgrade(migrate::target::parse("r2"));                                                                     \
    auto history = m.history();                                                                                  \
    REQUIRE(history.size() == 3);                                                                                \
    CHECK(history[0].record.has_value());                                                                        \
    CHECK(history[1].is_current);                                                                                \
    CHECK_FALSE(history[2].record.has_value());                                                                  \
    CHECK(history[2].is_head);                                                                                   \
    auto status = m.status();                                                                                    \
    CHECK(status.applied == 2);                                                                                  \
    CHECK(status.pending == 1);                                                                                  \
    CHECK(status.head == "r3");                                                                                  \
  }
// clang-format on
