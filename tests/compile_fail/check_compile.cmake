# Runs one compile-fail (or compile-pass) case:
#   cmake -DSOURCE=<case.cpp> -P check_compile.cmake -- <compiler> <flags...>
# The case states what it expects in comment lines:
#   // expect: compiles        the compiler must succeed
#   // expect: <regex>         the compiler must fail and its output must match every such regex
#   // expect-<ID>: <regex>    likewise, checked only when -DCOMPILER_ID=<ID> (e.g. GNU: GCC prints a revision_text
#                              as {"id"}, Clang as its character codes)
# Several regexes are ANDed (CTest's PASS_REGULAR_EXPRESSION would OR them), and the compiler
# must actually fail, so a check that is removed from the library makes the case fail.
cmake_minimum_required(VERSION 3.21)

if(NOT SOURCE OR NOT EXISTS "${SOURCE}")
  message(FATAL_ERROR "check_compile: SOURCE=<case.cpp> is required")
endif()

include(${CMAKE_CURRENT_LIST_DIR}/../support/args_after_separator.cmake)
migrate_args_after_separator(command)
if(NOT command)
  message(FATAL_ERROR "check_compile: give the compiler command after --")
endif()

file(STRINGS "${SOURCE}" expect_lines REGEX "^// expect(-[A-Za-z]+)?: ")
if(NOT expect_lines)
  message(FATAL_ERROR "check_compile: ${SOURCE} has no '// expect:' line")
endif()
set(expect_success FALSE)
set(patterns "")
foreach(line IN LISTS expect_lines)
  if(line MATCHES "^// expect-([A-Za-z]+): " AND NOT CMAKE_MATCH_1 STREQUAL "${COMPILER_ID}")
    continue()
  endif()
  string(REGEX REPLACE "^// expect(-[A-Za-z]+)?: " "" pattern "${line}")
  if(pattern STREQUAL "compiles")
    set(expect_success TRUE)
  else()
    list(APPEND patterns "${pattern}")
  endif()
endforeach()

# Plain ASCII quotes in diagnostics, whatever the caller's locale.
set(ENV{LC_ALL} C)
set(ENV{LANG} C)
execute_process(COMMAND ${command} "${SOURCE}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
string(REPLACE "\r" "" out "${out}")

if(expect_success)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "expected ${SOURCE} to compile, but the compiler failed (${rc}):\n${out}")
  endif()
  message(STATUS "compiles, as expected")
  return()
endif()

if(rc EQUAL 0)
  message(FATAL_ERROR "expected ${SOURCE} NOT to compile, but it compiled:\n${out}")
endif()
set(missing "")
foreach(pattern IN LISTS patterns)
  if(NOT out MATCHES "${pattern}")
    string(APPEND missing "\n  ${pattern}")
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "${SOURCE} failed to compile, but the diagnostics lack:${missing}\n--- compiler output ---\n${out}")
endif()
list(LENGTH patterns count)
message(STATUS "fails to compile with the expected diagnostic (${count} pattern(s) matched)")
