// The store-agnostic runtime suite on the PostgreSQL store.
#include "postgres_fixture.hpp"
#include <adopt_suite.hpp>
#include <sql_suite.hpp>
#include <trust_suite.hpp>

using migrate_test::postgres_fixture;
MIGRATE_RUNTIME_SUITE(postgres_fixture)
MIGRATE_TRUST_SUITE(postgres_fixture)
MIGRATE_SQL_SUITE(postgres_fixture)
MIGRATE_ADOPT_SUITE(postgres_fixture)
