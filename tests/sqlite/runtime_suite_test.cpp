// The store-agnostic runtime suite on the SQLite store.
#include "sqlite_fixture.hpp"

using migrate_test::sqlite_fixture;
MIGRATE_RUNTIME_SUITE(sqlite_fixture)
