#pragma once
// The origin (Python/Flask) tool's migrations in one place: their revision ids and the values they write. The
// ports in migrations/ carry the same ids, so a server the origin tool migrated continues here, and write the same
// values, so the patients are what the origin tool would have left (docs/fhir.md lists the remaining differences).

#include <string_view>
#include <utility>

#include <boost/json.hpp>

#include "added_by.hpp"

namespace fhir_example::origin {

/// Its revision ids, oldest first (uuid4 strings, as its generator writes them); each revises the one before.
inline constexpr std::string_view create_patient = "985f4e1e-29f5-4911-bc9c-2c774b685289";
inline constexpr std::string_view add_phone_number = "d5a1c49e-8efb-4610-b9d3-f59f98541f16";
inline constexpr std::string_view add_mrn = "c5a1c49e-8efb-4610-b9d3-f59f98541f16";
/// The revision the origin tool leaves in `code.coding[0].code` after its last migration.
inline constexpr std::string_view head = add_mrn;

inline constexpr std::string_view patient_id = "example";
inline constexpr std::string_view pat_id = "12345";
inline constexpr std::string_view phone = "555-555-5555";

/// PAT_ID (uwDAL_Clarity identifier) -> MRN, as the origin's add_mrn carries it.
inline constexpr std::pair<std::string_view, std::string_view> mrn_map[] = {{"12345", "U6789012"},
                                                                            {"67890", "U3456789"}};

/// Patient/example as the origin's create_patient PUTs it.
inline boost::json::object created_patient() {
  return {{"resourceType", "Patient"},
          {"id", patient_id},
          {"name", boost::json::array{boost::json::object{
                       {"use", "official"}, {"family", "Doe"}, {"given", boost::json::array{"John", "A"}}}}},
          {"gender", "male"},
          {"birthDate", "1980-01-01"}};
}

/// The identifier the origin's add_phone_number gives Patient/example.
inline boost::json::object clarity_identifier() { return {{"system", clarity_system}, {"value", pat_id}}; }
/// The phone the origin's add_phone_number gives Patient/example.
inline boost::json::object home_phone() { return {{"system", "phone"}, {"value", phone}, {"use", "home"}}; }
/// The MRN identifier the origin's add_mrn appends.
inline boost::json::object mrn_identifier(std::string_view mrn) { return {{"system", mrn_system}, {"value", mrn}}; }

}  // namespace fhir_example::origin
