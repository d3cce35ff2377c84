// The store-agnostic runtime and trust suites on the FHIR store.
#include "fhir_store_fixture.hpp"
#include <trust_suite.hpp>

using migrate_test::fhir_fixture;
MIGRATE_RUNTIME_SUITE(fhir_fixture)
MIGRATE_TRUST_SUITE(fhir_fixture)
