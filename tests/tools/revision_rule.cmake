# migrate-new and the build apply one revision-id rule and say it in the same words: a directory whose
# header has a 65-character id (or a '/' in it) is refused by `migrate-new` and by the compiler, both quoting
# MIGRATE_REVISION_RULE from include/migrate/core/revision.hpp; a 64-character id passes both.
#
# cmake -DMIGRATE_NEW=<exe> -DMIGRATE_SOURCE_DIR=<repo> -DWORK_DIR=<scratch> -P revision_rule.cmake -- <compiler> <flags...>
cmake_minimum_required(VERSION 3.21)
foreach(required MIGRATE_NEW MIGRATE_SOURCE_DIR WORK_DIR)
  if(NOT ${required})
    message(FATAL_ERROR "revision_rule: -D${required}=... is required")
  endif()
endforeach()
include(${CMAKE_CURRENT_LIST_DIR}/../support/args_after_separator.cmake)
migrate_args_after_separator(compiler)

file(STRINGS "${MIGRATE_SOURCE_DIR}/include/migrate/core/revision.hpp" rule_line REGEX "^#define MIGRATE_REVISION_RULE ")
string(REGEX REPLACE "^#define MIGRATE_REVISION_RULE \"(.*)\"$" "\\1" rule "${rule_line}")
if(NOT rule MATCHES "^1 to 64 ")
  message(FATAL_ERROR "cannot read MIGRATE_REVISION_RULE from revision.hpp: '${rule_line}'")
endif()

set(dir "${WORK_DIR}/migrations")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${dir}")
set(ENV{LC_ALL} C)
set(ENV{LANG} C)

function(write_header file revision revises)
  get_filename_component(name "${file}" NAME_WE)
  set(revises_field "")
  if(revises)
    set(revises_field "\n    .revises = \"${revises}\",")
  endif()
  file(WRITE "${dir}/${file}" "#pragma once
#include <migrate/core/migration.hpp>
namespace migrations {
MIGRATE_SQL_MIGRATION(m_${name},
    .revision = \"${revision}\",${revises_field}
    .description = \"step\",
    .up = \"SELECT 1;\",
    .down = \"SELECT 1;\");
}  // namespace migrations
")
endfunction()

file(WRITE "${WORK_DIR}/main.cpp" "#include \"migrations/index.hpp\"\nstatic_assert(migrations::registry::verified);\n")
# Runs migrate-new and then the compiler on the directory's registry; both outcomes must match `accepted`.
function(check_both case accepted expected)
  file(GLOB before "${dir}/*.hpp")
  execute_process(COMMAND "${MIGRATE_NEW}" "next step" --dir "${dir}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(accepted AND NOT code EQUAL 0)
    message(FATAL_ERROR "${case}: migrate-new refused (${code}):\n${out}")
  elseif(NOT accepted)
    file(GLOB after "${dir}/*.hpp")
    if(NOT code EQUAL 1 OR NOT before STREQUAL after)
      message(FATAL_ERROR "${case}: migrate-new must refuse with exit 1, writing nothing (got ${code}):\n${out}")
    endif()
    string(FIND "${out}" "${expected}; use ${rule}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${case}: migrate-new does not say '${expected}; use ${rule}':\n${out}")
    endif()
    execute_process(COMMAND "${MIGRATE_NEW}" index --dir "${dir}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT code EQUAL 0)
      message(FATAL_ERROR "${case}: migrate-new index failed (${code}):\n${out}")
    endif()
  endif()

  execute_process(COMMAND ${compiler} "-I${WORK_DIR}" "${WORK_DIR}/main.cpp" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(accepted AND NOT code EQUAL 0)
    message(FATAL_ERROR "${case}: the build refused what migrate-new accepted:\n${out}")
  elseif(NOT accepted)
    if(code EQUAL 0)
      message(FATAL_ERROR "${case}: the build accepted what migrate-new refused")
    endif()
    string(FIND "${out}" "malformed; use ${rule}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${case}: the build's diagnostic does not say 'malformed; use ${rule}':\n${out}")
    endif()
  endif()
  message(STATUS "${case}: migrate-new and the build agree")
endfunction()

set(id_64 "0123456789012345678901234567890123456789012345678901234567890123")
write_header(a_root.hpp aaa "")
write_header(b_child.hpp "${id_64}4" aaa)
check_both("65-character id" FALSE "is malformed (65 characters)")
write_header(b_child.hpp "bad/id" aaa)
check_both("'/' in an id" FALSE "is malformed ('/' at position 4)")
write_header(b_child.hpp "${id_64}" aaa)
check_both("64-character id" TRUE "")
