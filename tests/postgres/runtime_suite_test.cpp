// The store-agnostic runtime suite on the PostgreSQL store.
#include "postgres_fixture.hpp"

using migrate_test::postgres_fixture;
MIGRATE_RUNTIME_SUITE(postgres_fixture)
