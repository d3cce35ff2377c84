// Built with MIGRATE_WITH_POSTGRES (CMake sets it for this file only).
#if !defined(MIGRATE_WITH_POSTGRES)
#error "odr_with_postgres.cpp must be compiled with MIGRATE_WITH_POSTGRES"
#endif
#define ODR_OUTCOME with_postgres
#include "odr_outcome.hpp"
