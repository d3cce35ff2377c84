// What an application's FHIR migrations compile: a code migration over migrate::fhir::session and a registry of
// them. The HTTP/TLS transport is compiled into migrate::fhir's library, so none of Beast's transport, Asio or
// OpenSSL may reach this translation unit; nor may Boost.JSON's parser and serializer or fmt's format.h, whose users
// (bundle building, checkpoints, error texts) are compiled there too: a migration gets Boost.JSON's value types only.
// headers.fhir_light builds it; headers.fhir_light_detects and headers.fhir_light_detects_json prove the guards below
// fire when one sneaks in (MIGRATE_TEST_SNEAK_IN names a header to include first).
#if defined(MIGRATE_TEST_SNEAK_IN)
#include MIGRATE_TEST_SNEAK_IN
#endif

#include <migrate/core/migration.hpp>
#include <migrate/core/registry.hpp>
#include <migrate/fhir/session.hpp>

namespace light {
MIGRATE_CODE_MIGRATION(add_flag, .revision = "f1", .description = "add a flag") {
  static void upgrade(migrate::fhir::session& fhir) {
    auto patient = fhir->read("Patient", "1");
    patient["active"] = true;
    fhir->update(patient);
    fhir->execute(migrate::fhir::bundle_builder(migrate::fhir::bundle_type::batch).remove("Patient", "2"));
    migrate::fhir::update_options scan;
    scan.resource_type = "Patient";
    fhir.update_each(scan, [](boost::json::object& resource) { return resource.erase("x") > 0; });
  }
  static void downgrade(migrate::fhir::session& fhir) {
    for (auto& patient : fhir->search_all("Patient", {{"active", "true"}}))
      fhir->remove("Patient", patient.at("id").as_string());
  }
};
using registry = migrate::registry<add_flag>;
static_assert(registry::migrations().size() == 1);
}  // namespace light

#if defined(BOOST_ASIO_VERSION) || defined(BOOST_BEAST_VERSION) || defined(BOOST_BEAST_HTTP_FIELDS_HPP) || \
    defined(OPENSSL_VERSION_NUMBER)
#error "a FHIR migration's headers pulled in Beast, Asio or OpenSSL: keep the transport in src/fhir/"
#endif
#if defined(BOOST_JSON_HPP) || defined(BOOST_JSON_PARSE_HPP) || defined(BOOST_JSON_PARSER_HPP) || \
    defined(BOOST_JSON_SERIALIZE_HPP) || defined(FMT_FORMAT_H_)
#error "a FHIR migration's headers pulled in Boost.JSON's parser or serializer, or fmt: keep their users in src/fhir/"
#endif
