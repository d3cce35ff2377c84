// The store-agnostic runtime suite on the FHIR store.
#include "fhir_store_fixture.hpp"

using migrate_test::fhir_fixture;
MIGRATE_RUNTIME_SUITE(fhir_fixture)
