#pragma once
// What `verify_schema` must find on every SQL store: the typed chain upgraded is clean, hand-made changes are named,
// an older revision is clean against the model at that revision, and the exported DDL reads back as the model.
// Each function runs on a fresh `Fixture` (tests/sqlite/sqlite_fixture.hpp, tests/postgres/postgres_fixture.hpp).

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <migrate/core.hpp>
#include <migrate/schema/drift.hpp>

#include "typed_chain.hpp"

namespace drift_suite {

inline std::string listed(const std::vector<migrate::schema::drift_finding>& findings) {
  std::string text;
  for (const auto& f : findings) text += std::string(to_string(f.kind)) + " " + f.message + "\n";
  return text;
}

template <class Fixture, class Registry = typed_chain::registry>
migrate::schema::schema_check check(Fixture& fixture) {
  return migrate::verify_schema<Registry>(fixture.store());
}

template <class Registry, class Store>
void run(Store& store, const migrate::target& to, bool up = true) {
  migrate::migrator<Registry, Store> m(store, migrate::run_options{false, {}});
  up ? m.upgrade(to) : m.downgrade(to);
}

/// The one finding of `kind` about `table` / `name`; fails the test when there is not exactly one finding.
inline void require_only(const migrate::schema::schema_check& result, migrate::schema::drift_kind kind,
                         const std::string& table, const std::string& name) {
  INFO(listed(result.findings));
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].kind == kind);
  CHECK(result.findings[0].table == table);
  CHECK(result.findings[0].name == name);
}

template <class Fixture>
void upgraded_chain_is_clean() {
  Fixture fixture;
  run<typed_chain::registry>(fixture.store(), migrate::target::head());
  auto result = check(fixture);
  INFO(listed(result.findings));
  CHECK(result.typed);
  CHECK(result.clean());
  CHECK(result.at == std::vector<std::string>{"d4d4d4d4d4d4"});
  CHECK(result.expected.tables.size() == 3);
  CHECK(result.expected.closed);
}

template <class Fixture>
void added_column_is_drift() {
  Fixture fixture;
  run<typed_chain::registry>(fixture.store(), migrate::target::head());
  fixture.store().session().execute_script("ALTER TABLE users ADD COLUMN x TEXT");
  auto result = check(fixture);
  require_only(result, migrate::schema::drift_kind::extra_column, "users", "x");
  CHECK(result.findings[0].message == "users.x: extra column (text), not in the model");
}

template <class Fixture>
void dropped_index_is_drift() {
  Fixture fixture;
  run<typed_chain::registry>(fixture.store(), migrate::target::head());
  fixture.store().session().execute_script("DROP INDEX ix_doses_user_taken");
  auto result = check(fixture);
  require_only(result, migrate::schema::drift_kind::missing_index, "doses", "ix_doses_user_taken");
  CHECK(result.findings[0].message == "doses: missing index ix_doses_user_taken (user_id, taken_at)");
}

template <class Fixture>
void dropped_column_and_extra_table_are_drift() {
  Fixture fixture;
  run<typed_chain::registry>(fixture.store(), migrate::target::head());
  fixture.store().session().execute_script("ALTER TABLE samples DROP COLUMN j; CREATE TABLE audit (id INTEGER)");
  auto result = check(fixture);
  INFO(listed(result.findings));
  REQUIRE(result.findings.size() == 2);
  CHECK(result.findings[0].kind == migrate::schema::drift_kind::missing_column);
  CHECK(result.findings[0].message == "samples.j: missing column (the model has json)");
  CHECK(result.findings[1].kind == migrate::schema::drift_kind::extra_table);
  CHECK(result.findings[1].table == "audit");
}

template <class Fixture>
void older_revision_is_clean_against_its_model() {
  Fixture fixture;
  run<typed_chain::registry>(fixture.store(), migrate::target::head());
  run<typed_chain::registry>(fixture.store(), migrate::target::relative(-1), false);
  auto result = check(fixture);
  INFO(listed(result.findings));
  CHECK(result.clean());
  CHECK(result.at == std::vector<std::string>{"c3c3c3c3c3c3"});
  CHECK(result.expected.tables.size() == 2);
  // Two more steps back the unique constraint added with the phone column is gone from model and database alike.
  run<typed_chain::registry>(fixture.store(), migrate::target::relative(-2), false);
  result = check(fixture);
  INFO(listed(result.findings));
  CHECK(result.clean());
  CHECK(result.at == std::vector<std::string>{"a1a1a1a1a1a1"});
  // A table the model at this revision does not have yet is drift, even though a later migration creates it.
  fixture.store().session().execute_script("CREATE TABLE doses (id INTEGER)");
  require_only(check(fixture), migrate::schema::drift_kind::extra_table, "doses", "");
}

template <class Fixture>
void exported_ddl_reads_back_as_the_model() {
  Fixture fixture;
  constexpr auto d = Fixture::store_type::sql_dialect;
  const auto model = migrate::schema::head_schema<typed_chain::registry>();
  fixture.store().session().execute_script(migrate::schema::schema_ddl<d>(model));
  auto findings = migrate::schema::compare(model, live_schema(fixture.store()));
  INFO(migrate::schema::schema_ddl<d>(model));
  INFO(listed(findings));
  CHECK(findings.empty());
}

template <class Fixture>
void raw_sql_limits_what_is_compared() {
  Fixture fixture;
  run<typed_chain::with_raw_sql>(fixture.store(), migrate::target::head());
  // Tables raw SQL made are not the model's business, nor are additions to a table it may have changed...
  fixture.store().session().execute_script("ALTER TABLE users ADD COLUMN nick TEXT");
  auto result = check<Fixture, typed_chain::with_raw_sql>(fixture);
  INFO(listed(result.findings));
  CHECK(result.clean());
  CHECK_FALSE(result.expected.closed);
  // ...but what the model knows the table has is still checked.
  fixture.store().session().execute_script("ALTER TABLE users DROP COLUMN is_active");
  require_only(check<Fixture, typed_chain::with_raw_sql>(fixture), migrate::schema::drift_kind::missing_column,
               "users", "is_active");
}

template <class Fixture>
void untyped_chain_is_not_compared() {
  Fixture fixture;
  run<typed_chain::untyped>(fixture.store(), migrate::target::head());
  auto result = check<Fixture, typed_chain::untyped>(fixture);
  CHECK_FALSE(result.typed);
  CHECK(result.findings.empty());
  CHECK(result.at == std::vector<std::string>{"f6f6f6f6f6f6"});
}

// One chain for both databases (typed_chain::skipping): what SQLite skips (migrate::skip) is recorded there but left
// out of SQLite's model, so its rebuild of users copies only the columns SQLite has and verify finds it clean.
template <class Fixture>
void skipped_migrations_stay_out_of_the_dialect_model() {
  using reg = typed_chain::skipping;
  using store_type = typename Fixture::store_type;
  constexpr auto d = store_type::sql_dialect;
  constexpr bool postgres = d == migrate::dialect::postgresql;
  Fixture fixture;
  auto& db = fixture.store().session();
  run<reg>(fixture.store(), migrate::target::at("dadadadadada"));
  db.execute_script("INSERT INTO users (email, hashed_password) VALUES ('ann@example.org', 'x')");
  run<reg>(fixture.store(), migrate::target::head());
  migrate::migrator<reg, store_type> m(fixture.store(), migrate::run_options{false, {}});
  CHECK(m.status().applied == 4);
  CHECK(m.status().up_to_date());
  CHECK(db.template query_value<std::string>("SELECT email FROM users") == "ann@example.org");
  CHECK_NOTHROW(db.execute_script("INSERT INTO users (email) VALUES ('bob@example.org')"));
  auto result = check<Fixture, reg>(fixture);
  INFO(listed(result.findings));
  CHECK(result.clean());
  CHECK(result.expected.closed != postgres);  // on PostgreSQL the trigger migration ran: raw SQL, opaque
  bool has_search = false;
  for (const auto& t : result.expected.tables)
    for (const auto& c : t.columns) has_search = has_search || (t.name == "users" && c.name == "search");
  CHECK(has_search == postgres);
  for (const auto& mi : reg::template migrations_for<d>()) {
    INFO(mi.revision << ": " << mi.up_sql);
    if (mi.revision == "c9c9c9c9c9c9" || mi.revision == "dadadadadada") CHECK((mi.up_sql == migrate::skip.up) != postgres);
    if (mi.revision == "ebebebebebeb") {
      CHECK(mi.rebuilds_tables != postgres);
      CHECK(mi.up_sql.find("search") == std::string_view::npos);
    }
  }
  // The downgrade makes hashed_password required again (SQLite by a rebuild), so bob, who has none, goes first.
  db.execute_script("DELETE FROM users WHERE hashed_password IS NULL");
  run<reg>(fixture.store(), migrate::target::base(), false);
  result = check<Fixture, reg>(fixture);
  INFO(listed(result.findings));
  CHECK(result.clean());
  run<reg>(fixture.store(), migrate::target::head());
  result = check<Fixture, reg>(fixture);
  INFO(listed(result.findings));
  CHECK(result.clean());
  CHECK(db.template query_value<std::string>("SELECT email FROM users") == std::nullopt);
}

}  // namespace drift_suite

// One Catch test case per function, named after the fixture.
#define MIGRATE_DRIFT_SUITE(Fixture)                                                                              \
  TEST_CASE(#Fixture ": the typed chain upgraded matches its model", "[schema][drift]") {                         \
    drift_suite::upgraded_chain_is_clean<Fixture>();                                                            \
  }                                                                                                              \
  TEST_CASE(#Fixture ": a hand-made ADD COLUMN is an extra column", "[schema][drift]") {                        \
    drift_suite::added_column_is_drift<Fixture>();                                                              \
  }                                                                                                              \
  TEST_CASE(#Fixture ": a dropped index is a missing index", "[schema][drift]") {                               \
    drift_suite::dropped_index_is_drift<Fixture>();                                                             \
  }                                                                                                              \
  TEST_CASE(#Fixture ": a dropped column and a stray table are drift", "[schema][drift]") {                     \
    drift_suite::dropped_column_and_extra_table_are_drift<Fixture>();                                           \
  }                                                                                                              \
  TEST_CASE(#Fixture ": after downgrades the database matches the model at its revision", "[schema][drift]") {  \
    drift_suite::older_revision_is_clean_against_its_model<Fixture>();                                          \
  }                                                                                                              \
  TEST_CASE(#Fixture ": the exported DDL, run on an empty database, reads back as the model", "[schema][drift]") { \
    drift_suite::exported_ddl_reads_back_as_the_model<Fixture>();                                               \
  }                                                                                                              \
  TEST_CASE(#Fixture ": raw SQL in the chain limits the comparison to what the model knows", "[schema][drift]") { \
    drift_suite::raw_sql_limits_what_is_compared<Fixture>();                                                    \
  }                                                                                                              \
  TEST_CASE(#Fixture ": a chain without typed migrations is not compared", "[schema][drift]") {                 \
    drift_suite::untyped_chain_is_not_compared<Fixture>();                                                      \
  }                                                                                                              \
  TEST_CASE(#Fixture ": migrations skipped in its dialect are recorded but stay out of its model", "[schema][drift]") { \
    drift_suite::skipped_migrations_stay_out_of_the_dialect_model<Fixture>();                                   \
  }
