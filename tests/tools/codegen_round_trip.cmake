# generate → build → upgrade → downgrade: migrate-new writes three migrations (SQL, code, SQL with
# an awkward description), the bodies are filled in, and a consumer project built with
# add_subdirectory() upgrades an SQLite file to head and downgrades it back to base. Then a header arrives as
# from a git merge of another branch (a second child of the root: two heads): the next build must fail naming
# both heads and saying to merge; `migrate-new --merge` repairs it and the rebuilt app upgrades through the merge.
#
# cmake -DMIGRATE_NEW=<exe> -DMIGRATE_SOURCE_DIR=<repo> -DWORK_DIR=<scratch> [-DGENERATOR=..] [-DCXX_COMPILER=..] -P codegen_round_trip.cmake
cmake_minimum_required(VERSION 3.21)
foreach(required MIGRATE_NEW MIGRATE_SOURCE_DIR WORK_DIR)
  if(NOT ${required})
    message(FATAL_ERROR "codegen_round_trip: -D${required}=... is required")
  endif()
endforeach()

set(app "${WORK_DIR}/app")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${app}")
set(odd_description [=[add "phone" ünï ?\?/ */ to users\]=])

function(migrate_new)
  execute_process(COMMAND "${MIGRATE_NEW}" ${ARGN} --dir migrations
    WORKING_DIRECTORY "${app}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "migrate-new ${ARGN} failed (${code}):\n${out}${err}")
  endif()
  message(STATUS "${out}")
endfunction()

# Replaces the one occurrence of `from` in the migration whose file name ends in `suffix`.
function(fill suffix from to)
  file(GLOB header "${app}/migrations/*_${suffix}.hpp")
  file(READ "${header}" text)
  string(FIND "${text}" "${from}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${header} lacks:\n${from}")
  endif()
  string(REPLACE "${from}" "${to}" text "${text}")
  file(WRITE "${header}" "${text}")
endfunction()

migrate_new("create users")
migrate_new("seed users" --code --store sqlite)
migrate_new("${odd_description}")

fill(create_users [=[.up = R"sql(
)sql"]=] [=[.up = R"sql(
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
)sql"]=])
fill(create_users [=[.down = R"sql(
)sql"]=] [=[.down = R"sql(
DROP TABLE users;
)sql"]=])
fill(seed_users [=[static void upgrade([[maybe_unused]] migrate::sqlite::session& db) {
  }]=] [=[static void upgrade(migrate::sqlite::session& db) {
    db.execute_script("INSERT INTO users (name) VALUES ('alice');");
  }]=])
fill(seed_users [=[static void downgrade([[maybe_unused]] migrate::sqlite::session& db) {
  }]=] [=[static void downgrade(migrate::sqlite::session& db) {
    db.execute_script("DELETE FROM users WHERE name = 'alice';");
  }]=])
fill(add_phone_n_to_users [=[.up = R"sql(
)sql"]=] [=[.up = R"sql(
ALTER TABLE users ADD COLUMN phone TEXT;
)sql"]=])
fill(add_phone_n_to_users [=[.down = R"sql(
)sql"]=] [=[.down = R"sql(
ALTER TABLE users DROP COLUMN phone;
)sql"]=])
# The build generates the index in its own tree; there is none beside the headers.

file(WRITE "${app}/CMakeLists.txt" [=[
cmake_minimum_required(VERSION 3.21)
project(codegen_round_trip CXX)
set(MIGRATE_WITH_FHIR OFF CACHE BOOL "" FORCE)
add_subdirectory(${MIGRATE_SOURCE_DIR} migrate)
add_executable(app main.cpp)
target_link_libraries(app PRIVATE migrate::migrate)
target_include_directories(app PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
migrate_add_migrations(app DIR migrations)
]=])

file(WRITE "${app}/main.cpp" [=[
#include <migrate/migrate.hpp>

#include "migrations/index.hpp"

#include <cstdio>
#include <string>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "round trip check failed: %s\n", what);
    ++failures;
  }
}

long count(migrate::sqlite::session& db, const char* sql) { return db.query_value<long>(sql).value_or(-1); }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  migrate::sqlite::store store{argv[1]};
  auto& db = store.session();

  const auto report = migrate::upgrade_all<migrations::registry>(store);
  (void)report;
  check(count(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'") == 1, "users exists");
  check(count(db, "SELECT count(*) FROM users WHERE name = 'alice'") == 1, "the code migration seeded alice");
  check(count(db, "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'phone'") == 1, "phone was added");
  for (const auto& m : migrations::registry::migrations())
    std::printf("description:%.*s\n", static_cast<int>(m.description.size()), m.description.data());

  migrate::migrator<migrations::registry, migrate::sqlite::store> migrator{store};
  migrator.downgrade(migrate::target::base());
  check(count(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'") == 0, "users is gone");
  return failures == 0 ? 0 : 1;
}
]=])

set(configure_arguments -S "${app}" -B "${app}/build" "-DMIGRATE_SOURCE_DIR=${MIGRATE_SOURCE_DIR}" -DCMAKE_BUILD_TYPE=Debug)
if(GENERATOR)
  list(APPEND configure_arguments -G "${GENERATOR}")
endif()
if(CXX_COMPILER)
  list(APPEND configure_arguments "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" ${configure_arguments} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "configuring the consumer failed:\n${out}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${app}/build" --parallel 2 RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "building the consumer failed:\n${out}")
endif()
if(NOT EXISTS "${app}/build/app_migrations/migrations/index.hpp" OR EXISTS "${app}/migrations/index.hpp")
  message(FATAL_ERROR "the build did not generate migrations/index.hpp in its build tree (and only there)")
endif()

execute_process(COMMAND "${app}/build/app" "${WORK_DIR}/round_trip.db"
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "the consumer failed (${code}):\n${out}${err}")
endif()
string(FIND "${out}" "description:${odd_description}\n" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the description did not round-trip; expected\n${odd_description}\nin\n${out}")
endif()
# A teammate's branch added a migration on top of the root; git merge brings in just its header.
file(GLOB root_header "${app}/migrations/*_create_users.hpp")
get_filename_component(root_name "${root_header}" NAME)
string(SUBSTRING "${root_name}" 0 12 root_revision)
file(WRITE "${app}/migrations/0badc0ffee00_add_allergies.hpp" "#pragma once
#include <migrate/core/migration.hpp>
namespace migrations {
MIGRATE_SQL_MIGRATION(m_0badc0ffee00_add_allergies,
    .revision = \"0badc0ffee00\",
    .revises = {\"${root_revision}\"},
    .description = \"add allergies\",
    .up = \"CREATE TABLE allergies (id INTEGER PRIMARY KEY);\",
    .down = \"DROP TABLE allergies;\");
}  // namespace migrations
")
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${app}/build" --parallel 2 RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(code EQUAL 0)
  message(FATAL_ERROR "the build succeeded with two heads; it must fail")
endif()
# Any ABI namespace between migrate:: and chain_error:: (migrate::v0_2::chain_error::...).
foreach(expected "::chain_error::several_heads<" "m_0badc0ffee00_add_allergies" "migrate-new --merge")
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the two-heads build failure does not say '${expected}':\n${out}")
  endif()
endforeach()

migrate_new("merge allergies" --merge)
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${app}/build" --parallel 2 RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "building after migrate-new --merge failed:\n${out}")
endif()
execute_process(COMMAND "${app}/build/app" "${WORK_DIR}/merged.db" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "the merged consumer failed (${code}):\n${out}${err}")
endif()
message(STATUS "round trip passed, two heads refused at build time and merged:\n${out}")
