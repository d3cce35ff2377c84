// SPDX-License-Identifier: MIT
// The code that opens a database URL over the stores of the library this file is compiled into: SQLite
// (migrate::compiled), SQLite + PostgreSQL (migrate::postgres_compiled), SQLite + FHIR (migrate::fhir_compiled). A
// program linking that set needs no <migrate/src.hpp>; one that includes it defines these functions itself, and the
// linker then never takes this object from the archive (it holds nothing else the program could miss).
#include <migrate/src.hpp>
