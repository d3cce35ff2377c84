# migrate-new import, end to end on real inputs:
# - tests/adopt/alembic_project imported with real Alembic (Debian python3-alembic): the headers compile in a registry,
#   each migration's SQL per dialect is what Alembic itself renders offline for that dialect (checked against a
#   whole-chain `alembic upgrade head --sql` / `downgrade head:base --sql` run here), and the chain upgrades an
#   SQLite file to head and back to base;
# - a Go runner file with three migrations (out of order, raw and "..." strings) imports as ids 1, 2, 3 and runs;
# - a FHIR tool directory, Alembic --skeletons and an Alembic revision that refuses offline mode import as code
#   skeletons that fail to build naming the file;
# - broken foreign chains (two heads, missing parent, duplicate id) are refused naming the files, writing nothing;
# - importing twice gives byte-identical files; importing into a directory that has them is refused unchanged.
#
# cmake -DMIGRATE_NEW=<exe> -DMIGRATE_SOURCE_DIR=<repo> -DWORK_DIR=<scratch> -DCXX_COMPILER=<c++> -P import_round_trip.cmake
cmake_minimum_required(VERSION 3.21)
foreach(required MIGRATE_NEW MIGRATE_SOURCE_DIR WORK_DIR CXX_COMPILER)
  if(NOT ${required})
    message(FATAL_ERROR "import_round_trip: -D${required}=... is required")
  endif()
endforeach()
set(python /usr/bin/python3)
set(fixtures "${MIGRATE_SOURCE_DIR}/tests/tools/import_fixtures")
set(alembic_versions "${MIGRATE_SOURCE_DIR}/tests/adopt/alembic_project/versions")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# Runs migrate-new in WORK_DIR; `expect` is 0 or 1; output in ${prefix}_out.
function(migrate_new expect prefix)
  execute_process(COMMAND "${MIGRATE_NEW}" ${ARGN} WORKING_DIRECTORY "${WORK_DIR}"
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL expect)
    message(FATAL_ERROR "migrate-new ${ARGN}: exit ${code}, expected ${expect}:\n${out}${err}")
  endif()
  set(${prefix}_out "${out}${err}" PARENT_SCOPE)
endfunction()

function(expect_contains text what)
  string(FIND "${text}" "${what}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected to find\n  ${what}\nin:\n${text}")
  endif()
endfunction()

# Every file of `dir` (sorted), as one string `name\ncontent...`, to compare two imports byte for byte.
function(directory_text dir out)
  file(GLOB names RELATIVE "${dir}" "${dir}/*")
  list(SORT names)
  set(all "")
  foreach(name IN LISTS names)
    file(READ "${dir}/${name}" content)
    string(APPEND all "== ${name}\n${content}")
  endforeach()
  set(${out} "${all}" PARENT_SCOPE)
endfunction()

# --- Alembic, with SQL ---------------------------------------------------------------------------------------
execute_process(COMMAND ${python} -c "import alembic" RESULT_VARIABLE no_alembic)
if(no_alembic)
  message(FATAL_ERROR "${python} cannot import alembic: install python3-alembic (scripts/install-deps.sh)")
endif()
migrate_new(0 alembic import alembic "${alembic_versions}" --dir alembic --namespace alembic_migrations)
expect_contains("${alembic_out}" "f8ff2ab1fdfa_create_users.hpp")
file(GLOB imported "${WORK_DIR}/alembic/*.hpp")
list(LENGTH imported count)
if(NOT count EQUAL 3)
  message(FATAL_ERROR "import alembic wrote ${count} files, expected 2 headers and index.hpp: ${imported}")
endif()
file(READ "${WORK_DIR}/alembic/f8ff2ab1fdfa_create_users.hpp" root)
foreach(part [=[.revision = "f8ff2ab1fdfa"]=] [=[.revises = {}]=] [=[.description = "create users"]=]
             [=[.created = "2026-01-05 10:00:00"]=] ".sqlite = {.up" ".postgresql = {.up" "id SERIAL NOT NULL")
  expect_contains("${root}" "${part}")
endforeach()
file(READ "${WORK_DIR}/alembic/3a9c0e1d2b47_add_phone_number_to_user_table.hpp" child)
expect_contains("${child}" [=[.revises = {"f8ff2ab1fdfa"}]=])
string(FIND "${root}${child}" "alembic_version" bookkeeping)
if(NOT bookkeeping EQUAL -1)
  message(FATAL_ERROR "Alembic's alembic_version bookkeeping leaked into the headers")
endif()

# What Alembic renders for the whole chain, per dialect, with an offline env.py written here.
set(offline "${WORK_DIR}/offline")
file(MAKE_DIRECTORY "${offline}")
file(WRITE "${offline}/alembic.ini" "[alembic]\nscript_location = ${offline}\nversion_locations = ${alembic_versions}\n")
file(WRITE "${offline}/env.py" "from alembic import context\ncontext.configure(url=context.get_x_argument(as_dictionary=True)['url'], literal_binds=True)\nwith context.begin_transaction():\n    context.run_migrations()\n")
foreach(dialect sqlite postgresql)
  foreach(direction upgrade downgrade)
    set(range head)
    if(direction STREQUAL "downgrade")
      set(range head:base)
    endif()
    execute_process(COMMAND ${python} -m alembic -c "${offline}/alembic.ini" -x url=${dialect}:// ${direction} ${range} --sql
      RESULT_VARIABLE code OUTPUT_FILE "${offline}/${dialect}_${direction}.sql" ERROR_VARIABLE err)
    if(code)
      message(FATAL_ERROR "alembic ${direction} --sql (${dialect}) failed: ${err}")
    endif()
  endforeach()
endforeach()

# --- Go runner ---------------------------------------------------------------------------------------------
migrate_new(0 go import go "${fixtures}/go/migrations.go" --dir go --namespace go_migrations)
foreach(name 1_create_users 2_add_phone_to_users 3_index_user_emails)
  if(NOT EXISTS "${WORK_DIR}/go/${name}.hpp")
    message(FATAL_ERROR "import go did not write go/${name}.hpp:\n${go_out}")
  endif()
endforeach()
file(READ "${WORK_DIR}/go/3_index_user_emails.hpp" third)
expect_contains("${third}" [=[.revises = {"2"}]=])
file(READ "${WORK_DIR}/go/2_add_phone_to_users.hpp" second)
expect_contains("${second}" [=[.description = "add \"phone\" to users"]=])
expect_contains("${second}" "ALTER TABLE users ADD COLUMN phone TEXT; UPDATE users SET phone = '' WHERE phone IS NULL;")

# --- Build the imported registries and run them --------------------------------------------------------------
file(WRITE "${WORK_DIR}/main.cpp" [=[
#include <migrate/migrate.hpp>

#include "alembic/index.hpp"
#include "go/index.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "import round trip: %s\n", what.c_str());
    ++failures;
  }
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == '\n' || s.front() == ' ')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

template <migrate::dialect D>
void compare_with_alembic(const std::string& offline, const char* name) {
  const std::string up = read(offline + "/" + name + "_upgrade.sql"), down = read(offline + "/" + name + "_downgrade.sql");
  for (const auto& m : alembic_migrations::registry::migrations_for<D>()) {
    const std::string label = std::string(name) + " " + std::string(m.revision);
    check(!trimmed(m.up_sql).empty() && up.find(trimmed(m.up_sql)) != std::string::npos,
          label + ": upgrade SQL is not what Alembic renders:\n" + std::string(m.up_sql));
    check(!trimmed(m.down_sql).empty() && down.find(trimmed(m.down_sql)) != std::string::npos,
          label + ": downgrade SQL is not what Alembic renders:\n" + std::string(m.down_sql));
  }
}

long count(migrate::sqlite::session& db, const char* sql) { return db.query_value<long>(sql).value_or(-1); }

template <class Registry>
void round_trip(const std::string& path, const char* name, long columns_at_head) {
  migrate::sqlite::store store{path};
  auto& db = store.session();
  migrate::upgrade_all<Registry>(store);
  check(count(db, "SELECT count(*) FROM pragma_table_info('users')") == columns_at_head,
        std::string(name) + ": users does not have its head columns");
  check(count(db, "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'phone'") == 1,
        std::string(name) + ": phone was not added");
  migrate::migrator<Registry, migrate::sqlite::store> migrator{store};
  migrator.downgrade(migrate::target::base());
  check(count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'users'") == 0, std::string(name) + ": users survived base");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const std::string work = argv[1];
  compare_with_alembic<migrate::dialect::sqlite>(argv[2], "sqlite");
  compare_with_alembic<migrate::dialect::postgresql>(argv[2], "postgresql");
  round_trip<alembic_migrations::registry>(work + "/alembic.db", "alembic", 4);
  round_trip<go_migrations::registry>(work + "/go.db", "go", 3);
  static_assert(go_migrations::registry::migrations().size() == 3);
  std::printf("%s\n", failures == 0 ? "import round trip: ok" : "import round trip: FAILED");
  return failures == 0 ? 0 : 1;
}
]=])
execute_process(COMMAND "${CXX_COMPILER}" -std=c++20 -I${MIGRATE_SOURCE_DIR}/include -I${WORK_DIR} main.cpp
                        -o app -lsqlite3 -lfmt -pthread
  WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(code)
  message(FATAL_ERROR "the imported registries do not build:\n${out}${err}")
endif()
execute_process(COMMAND "${WORK_DIR}/app" "${WORK_DIR}" "${offline}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(code)
  message(FATAL_ERROR "the imported migrations failed (${code}):\n${out}${err}")
endif()
message(STATUS "${out}")

# --- Skeletons fail to build, naming the file ----------------------------------------------------------------
migrate_new(0 fhir import fhir-migrations "${fixtures}/fhir_migrations" --dir fhir)
migrate_new(0 skeletons import alembic "${alembic_versions}" --dir skeletons --skeletons)
expect_contains("${skeletons_out}" "fails to build until ported")
# A revision that refuses offline mode (it reads the database) becomes a skeleton; its sibling keeps its SQL.
migrate_new(0 online import alembic "${fixtures}/alembic_online_only/versions" --dir online)
expect_contains("${online_out}" "7e8f9a0b1c2d_backfill_order_totals.py: alembic upgrade 1c2d3e4f5a6b:7e8f9a0b1c2d --sql")
expect_contains("${online_out}" "cannot run in --sql mode")
file(READ "${WORK_DIR}/online/1c2d3e4f5a6b_create_orders.hpp" orders)
expect_contains("${orders}" "CREATE TABLE orders (")
foreach(case "fhir/a1b2c3_add_mrn_identifiers_to_patients.hpp;.revision = \"a1b2c3\""
             "fhir/d4e5f6_normalise_patient_phone_numbers_to_e_164.hpp;.revises = {\"a1b2c3\"}"
             "fhir/0789ab_set_name_use.hpp;.revises = {\"d4e5f6\"}"
             "skeletons/f8ff2ab1fdfa_create_users.hpp;.created = \"2026-01-05 10:00:00\""
             "online/7e8f9a0b1c2d_backfill_order_totals_from_the_line_item.hpp;.revises = {\"1c2d3e4f5a6b\"}")
  list(GET case 0 header)
  list(GET case 1 field)
  file(READ "${WORK_DIR}/${header}" text)
  expect_contains("${text}" "${field}")
  expect_contains("${text}" "MIGRATE_CODE_MIGRATION(")
  get_filename_component(name "${header}" NAME)
  file(WRITE "${WORK_DIR}/skeleton.cpp" "#include \"${header}\"\n")
  # Syntax only: the FHIR session's own dependencies need not be linked to see the build stop.
  execute_process(COMMAND "${CXX_COMPILER}" -std=c++20 -fsyntax-only -I${MIGRATE_SOURCE_DIR}/include -I${WORK_DIR} skeleton.cpp
    WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code)
    message(FATAL_ERROR "the skeleton ${header} builds; it must fail until ported")
  endif()
  expect_contains("${out}${err}" "${name}: imported from")
endforeach()
file(READ "${WORK_DIR}/fhir/0789ab_set_name_use.hpp" fhir_text)
expect_contains("${fhir_text}" "migrate::fhir::session& db")

# --- Broken foreign chains: refused naming the files, nothing written ----------------------------------------
foreach(case "broken_two_heads;bb0001_second_branch.py;d4e5f6_normalise_phone_numbers.py"
             "broken_missing_parent;d4e5f6_normalise_phone_numbers.py;c0ffee"
             "broken_duplicate;d4e5f6_copy_of_phones.py;d4e5f6_normalise_phone_numbers.py")
  list(GET case 0 fixture)
  list(GET case 1 first)
  list(GET case 2 second)
  migrate_new(1 broken import fhir-migrations "${fixtures}/${fixture}" --dir ${fixture})
  expect_contains("${broken_out}" "nothing was written")
  expect_contains("${broken_out}" "${first}")
  expect_contains("${broken_out}" "${second}")
  if(EXISTS "${WORK_DIR}/${fixture}")
    message(FATAL_ERROR "import of ${fixture} was refused but wrote ${WORK_DIR}/${fixture}")
  endif()
endforeach()
file(WRITE "${WORK_DIR}/duplicate_version.go" "package m\nvar M = []Migration{\n{Version: 1, Up: `A`},\n{Version: 1, Up: `B`},\n}\n")
migrate_new(1 dup import go duplicate_version.go --dir dup)
expect_contains("${dup_out}" "duplicate_version.go:3 and duplicate_version.go:4: both declare Version 1")

# --- Deterministic, and never overwriting ---------------------------------------------------------------------
migrate_new(0 again import alembic "${alembic_versions}" --dir alembic_again --namespace alembic_migrations)
migrate_new(0 again import go "${fixtures}/go/migrations.go" --dir go_again --namespace go_migrations)
foreach(pair "alembic;alembic_again" "go;go_again")
  list(GET pair 0 first)
  list(GET pair 1 second)
  directory_text("${WORK_DIR}/${first}" first_text)
  directory_text("${WORK_DIR}/${second}" second_text)
  if(NOT first_text STREQUAL second_text)
    message(FATAL_ERROR "importing the same ${first} project twice gave different files")
  endif()
endforeach()
directory_text("${WORK_DIR}/go" before)
migrate_new(1 overwrite import go "${fixtures}/go/migrations.go" --dir go --namespace go_migrations)
expect_contains("${overwrite_out}" "already exists; not overwriting")
directory_text("${WORK_DIR}/go" after)
if(NOT before STREQUAL after)
  message(FATAL_ERROR "a refused import changed go/")
endif()
message(STATUS "import_round_trip: all checks passed")
