// The ported origin migrations of examples/fhir against the loopback server: where the origin's add_mrn exited
// half-way on a PAT_ID shared by several patients, ours stops before writing anything and names the PAT_ID.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <migrate/fhir.hpp>

#include "../../../examples/fhir/migrations/index.hpp"
#include "fhir_store_fixture.hpp"

namespace fhir = migrate::fhir;

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
}  // namespace

TEST_CASE("add_mrn refuses a PAT_ID shared by several patients and changes nothing", "[fhir][example]") {
  fhir::client server(fhir_test::server().fhir_base, fhir_test::fast_options());
  // 99999 is in add_mrn's PAT_ID map; two patients carrying it make the lookup ambiguous.
  auto first = server.create(patient_with_pat_id("99999", "Duplicate-One")).id();
  auto second = server.create(patient_with_pat_id("99999", "Duplicate-Two")).id();

  fhir::store store(migrate_test::test_store_options(fhir_test::unique("example")));
  migrate::migrator<fhir_example::registry, fhir::store> m(store, migrate_test::quiet());
  try {
    m.upgrade();
    FAIL("add_mrn should have refused the ambiguous PAT_ID");
  } catch (const migrate::migration_failed_error& e) {
    CHECK(e.revision() == "c2e6f8a0b413");
    CHECK_THAT(e.store_message(), Catch::Matchers::Contains("several patients share the uwDAL_Clarity identifier(s) "
                                                            "99999; resolve the duplicates first. Nothing was changed"));
  }
  CHECK_FALSE(has_mrn(server.read("Patient", first)));
  CHECK_FALSE(has_mrn(server.read("Patient", second)));
  CHECK_FALSE(has_mrn(server.read("Patient", "example")));  // 12345 resolved fine, yet nothing was written
  bool claims_add_mrn = false;
  for (const auto& row : store.load_state()) claims_add_mrn = claims_add_mrn || (row.revision == "c2e6f8a0b413" && !row.in_progress);
  CHECK_FALSE(claims_add_mrn);

  // The duplicates resolved, the run goes on from where it stopped.
  server.remove("Patient", second);
  m.stamp(migrate::target::parse("b7a9d3e5c041"));
  CHECK(m.upgrade().steps.size() == 2);
  CHECK(has_mrn(server.read("Patient", first)));
  m.downgrade(migrate::target::parse("b7a9d3e5c041"));
  CHECK_FALSE(has_mrn(server.read("Patient", first)));
  server.remove("Patient", first);
}
