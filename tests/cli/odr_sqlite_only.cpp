// Built without MIGRATE_WITH_POSTGRES.
#if defined(MIGRATE_WITH_POSTGRES)
#error "odr_sqlite_only.cpp must be compiled without MIGRATE_WITH_POSTGRES"
#endif
#define ODR_OUTCOME sqlite_only
#include "odr_outcome.hpp"
