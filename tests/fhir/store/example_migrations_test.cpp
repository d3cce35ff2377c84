// The origin tool's migrations as examples/fhir ports them, against the loopback server: a server the origin tool
// migrated continues here and goes back to the origin's head with the patients the origin would have; where the
// origin's add_mrn exited half-way on a PAT_ID shared by several patients, ours stops before writing anything.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <migrate/fhir.hpp>

#include "fhir_store_fixture.hpp"
#include "migrations/index.hpp"  // examples/fhir/migrations, indexed in the build tree

namespace fhir = migrate::fhir;
namespace origin = fhir_example::origin;

namespace {
boost::json::object patient_with_pat_id(std::string_view pat_id, std::string_view family) {
  return boost::json::object{
      {"resourceType", "Patient"},
      {"identifier", boost::json::array{boost::json::object{{"system", fhir_example::clarity_system}, {"value", pat_id}}}},
      {"name", boost::json::array{boost::json::object{{"family", family}}}}};
}
bool has_mrn(const boost::json::object& patient) {
  if (!patient.contains("identifier")) return false;
  for (const auto& id : patient.at("identifier").as_array())
    if (id.as_object().at("system").as_string() == fhir_example::mrn_system) return true;
  return false;
}

// The patient's content: what the server keeps besides it (id, meta, text) is not the migrations' doing.
boost::json::object content(boost::json::object patient) {
  patient.erase("meta");
  patient.erase("text");
  patient.erase("id");
  return patient;
}

// Patient/example after the origin tool's three migrations, written from its code (Python, requests):
// create_patient PUTs the patient, add_phone_number PUTs it whole again with the uwDAL_Clarity identifier and the
// phone, add_mrn appends the MRN to what `GET Patient?identifier=uwDAL_Clarity|12345` found (67890 finds nobody).
boost::json::object origin_patient() {
  auto patient = origin::created_patient();
  patient["identifier"] = boost::json::array{origin::clarity_identifier(), origin::mrn_identifier("U6789012")};
  patient["telecom"] = boost::json::array{origin::home_phone()};
  patient.erase("id");
  return patient;
}

void origin_tool_migrates_patient(fhir::client& server) {
  server.update(origin::created_patient(), fhir::version_guard::none);
  auto whole = origin::created_patient();
  whole["identifier"] = boost::json::array{origin::clarity_identifier()};
  whole["telecom"] = boost::json::array{origin::home_phone()};
  server.update(whole, fhir::version_guard::none);
  auto found = fhir::client::matches(server.search("Patient", {{"identifier", "uwDAL_Clarity|12345"}}));
  REQUIRE(found.size() == 1);
  found[0]["identifier"].as_array().push_back(origin::mrn_identifier("U6789012"));
  server.update(found[0], fhir::version_guard::none);
}

// The origin's MigrationManager: a conditional PUT of the whole Basic by identifier, no If-Match; created with the
// placeholder code "updated-code", then update_migration(revision) after each migration (fhirclient's as_json of
// what it read, id and meta included).
void origin_tool_records(fhir::client& server, const std::string& resource_id) {
  const auto criteria = "identifier=http://fhir.migration.system|" + resource_id;
  boost::json::object basic{
      {"resourceType", "Basic"},
      {"identifier", boost::json::array{boost::json::object{{"system", "http://fhir.migration.system"},
                                                            {"value", resource_id}}}},
      {"code", boost::json::object{{"coding", boost::json::array{boost::json::object{
                                                  {"system", "http://our.migration.system"}, {"code", "updated-code"}}}}}}};
  server.conditional_update(basic, criteria);
  for (auto revision : {origin::create_patient, origin::add_phone_number, origin::add_mrn}) {
    auto read = server.find_by_identifier("Basic", "http://fhir.migration.system", resource_id);
    REQUIRE(read);
    (*read)["code"].as_object()["coding"].as_array()[0].as_object()["code"] = revision;
    server.conditional_update(*read, criteria);
  }
}

// What the origin tool reads: code.coding[0].code of the Basic its search finds first.
std::string origin_tool_reads(fhir::client& server, const std::string& resource_id) {
  auto found = server.find_by_identifier("Basic", "http://fhir.migration.system", resource_id);
  REQUIRE(found);
  return std::string(found->at("code").at("coding").at(0).at("code").as_string());
}
}  // namespace

TEST_CASE("a server the origin tool migrated continues with the example and returns to the origin's head",
          "[fhir][example][origin]") {
  fhir::client server(fhir_test::server().fhir_base, fhir_test::fast_options());
  const auto resource_id = fhir_test::unique("origin-example");
  origin_tool_migrates_patient(server);
  origin_tool_records(server, resource_id);
  REQUIRE(content(server.read("Patient", "example")) == origin_patient());

  fhir::store store(migrate_test::test_store_options(resource_id));
  migrate::migrator<fhir_example::registry, fhir::store> m(store, migrate_test::quiet());
  CHECK(m.status().current == std::vector<std::string>{std::string(origin::head)});
  CHECK(m.verify().empty());

  // Continues from the origin's head: only our own migration runs, none of the origin's again.
  auto up = m.upgrade();
  REQUIRE(up.steps.size() == 1);
  CHECK(up.steps[0].revision == "f1d3b5a7c925");
  auto upgraded = content(server.read("Patient", "example"));
  CHECK(upgraded.at("active") == true);
  upgraded.erase("active");
  CHECK(fhir_example::remove_marks(upgraded, "f1d3b5a7c925"));
  CHECK(upgraded == origin_patient());  // the origin's MRN, phone, name, gender, birth date: each once, unchanged
  CHECK(origin_tool_reads(server, resource_id) == "f1d3b5a7c925");

  // Back to the origin's head: exactly what the origin left, and the origin tool reads its own head again.
  auto down = m.downgrade(migrate::target::parse(std::string(origin::head)));
  REQUIRE(down.steps.size() == 1);
  CHECK(content(server.read("Patient", "example")) == origin_patient());
  CHECK(origin_tool_reads(server, resource_id) == origin::head);
  CHECK(m.status().current == std::vector<std::string>{std::string(origin::head)});

  // Below the origin's head, the ports undo what the origin tool added (it marked nothing): the MRN, then the phone
  // and the uwDAL_Clarity identifier, leaving the patient create_patient made.
  m.downgrade(migrate::target::parse(std::string(origin::create_patient)));
  auto created = origin::created_patient();
  created.erase("id");
  CHECK(content(server.read("Patient", "example")) == created);
  CHECK(origin_tool_reads(server, resource_id) == origin::create_patient);
}

TEST_CASE("the example from scratch writes the origin's patient, marked so that downgrades remove only it",
          "[fhir][example]") {
  fhir::client server(fhir_test::server().fhir_base, fhir_test::fast_options());
  // Something already there (a phone equal to the one add_phone_number adds) must survive the downgrade.
  server.update(origin::created_patient(), fhir::version_guard::none);
  fhir::store store(migrate_test::test_store_options(fhir_test::unique("example-fresh")));
  migrate::migrator<fhir_example::registry, fhir::store> m(store, migrate_test::quiet());
  m.upgrade(migrate::target::parse(std::string(origin::create_patient)));
  auto patient = server.read("Patient", "example");
  patient["telecom"] = boost::json::array{origin::home_phone()};
  server.update(patient);

  m.upgrade(migrate::target::parse(std::string(origin::head)));
  auto migrated = content(server.read("Patient", "example"));
  CHECK(fhir_example::marked(migrated.at("identifier").at(0), origin::add_phone_number));
  CHECK(fhir_example::marked(migrated.at("telecom").at(0), origin::add_phone_number, fhir_example::kept_by_url));
  CHECK(fhir_example::marked(migrated.at("identifier").at(1), origin::add_mrn));
  // Without the marks it is the origin's patient.
  for (auto* key : {"identifier", "telecom"})
    for (auto& element : migrated.at(key).as_array()) element.as_object().erase("extension");
  CHECK(migrated == origin_patient());

  m.downgrade(migrate::target::parse(std::string(origin::create_patient)));
  auto back = content(server.read("Patient", "example"));
  CHECK_FALSE(back.contains("identifier"));
  REQUIRE(back.contains("telecom"));  // there before: kept, its kept mark gone
  CHECK(back.at("telecom") == boost::json::array{origin::home_phone()});
}

TEST_CASE("add_mrn refuses a PAT_ID shared by several patients and changes nothing", "[fhir][example]") {
  fhir::client server(fhir_test::server().fhir_base, fhir_test::fast_options());
  // 67890 is in add_mrn's PAT_ID map; two patients carrying it make the lookup ambiguous.
  auto first = server.create(patient_with_pat_id("67890", "Duplicate-One")).id();
  auto second = server.create(patient_with_pat_id("67890", "Duplicate-Two")).id();

  fhir::store store(migrate_test::test_store_options(fhir_test::unique("example")));
  migrate::migrator<fhir_example::registry, fhir::store> m(store, migrate_test::quiet());
  try {
    m.upgrade();
    FAIL("add_mrn should have refused the ambiguous PAT_ID");
  } catch (const migrate::migration_failed_error& e) {
    CHECK(e.revision() == origin::add_mrn);
    CHECK_THAT(e.store_message(), Catch::Matchers::Contains("several patients share the uwDAL_Clarity identifier(s) "
                                                            "67890; resolve the duplicates first. Nothing was changed"));
  }
  CHECK_FALSE(has_mrn(server.read("Patient", first)));
  CHECK_FALSE(has_mrn(server.read("Patient", second)));
  CHECK_FALSE(has_mrn(server.read("Patient", "example")));  // 12345 resolved fine, yet nothing was written
  bool claims_add_mrn = false;
  for (const auto& row : store.load_state())
    claims_add_mrn = claims_add_mrn || (row.revision == origin::add_mrn && !row.in_progress);
  CHECK_FALSE(claims_add_mrn);

  // The duplicates resolved, the run goes on from where it stopped.
  server.remove("Patient", second);
  m.stamp(migrate::target::parse(std::string(origin::add_phone_number)));
  CHECK(m.upgrade().steps.size() == 2);
  CHECK(has_mrn(server.read("Patient", first)));
  m.downgrade(migrate::target::parse(std::string(origin::add_phone_number)));
  CHECK_FALSE(has_mrn(server.read("Patient", first)));
  server.remove("Patient", first);
}
