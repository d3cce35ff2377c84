// The store-agnostic runtime suite on the SQLite store.
#include "sqlite_fixture.hpp"
#include <adopt_suite.hpp>
#include <sql_suite.hpp>
#include <trust_suite.hpp>

using migrate_test::sqlite_fixture;
MIGRATE_RUNTIME_SUITE(sqlite_fixture)
MIGRATE_TRUST_SUITE(sqlite_fixture)
MIGRATE_SQL_SUITE(sqlite_fixture)
MIGRATE_ADOPT_SUITE(sqlite_fixture)
