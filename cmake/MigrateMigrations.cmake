# migrate_add_migrations(<target> DIR <dir> [NAMESPACE <ns>])
#
# Generates the index of <dir> (`index.hpp`: the `registry` alias over every migration header in <dir>) in the
# build tree, never in the source tree, and puts it on <target>'s include path as "<dir's relative path>/index.hpp"
# (e.g. `#include "migrations/index.hpp"`). So two build directories of one checkout, or a read-only checkout, each
# have their own, and a git merge of two branches that each added a migration cannot conflict on it: the merge
# brings in the headers, the next build re-indexes them, and the registry's compile-time check names two heads.
# Whenever a header in <dir> is added, removed or edited, the next build of <target> reruns `migrate-new index`.
# See docs/codegen.md.
include_guard(GLOBAL)

function(migrate_add_migrations target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "DIR;NAMESPACE" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "migrate_add_migrations: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "migrate_add_migrations: ${target} is not a target")
  endif()
  if(NOT arg_DIR)
    message(FATAL_ERROR "migrate_add_migrations: DIR <dir> is required")
  endif()
  if(NOT arg_NAMESPACE)
    set(arg_NAMESPACE migrations)
  endif()
  if(NOT TARGET migrate::migrate-new)
    message(FATAL_ERROR "migrate_add_migrations: the migrate::migrate-new tool is not available "
                        "(configure migrate with MIGRATE_BUILD_TOOLS=ON)")
  endif()

  get_filename_component(dir "${arg_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(EXISTS "${dir}/index.hpp")
    # It would shadow the generated one (an #include "..." looks beside the including file first).
    message(FATAL_ERROR "migrate_add_migrations: ${dir}/index.hpp exists; the build now generates the index in "
                        "its build tree: delete it (and its .gitignore line), e.g. git rm ${dir}/index.hpp")
  endif()
  # CONFIGURE_DEPENDS re-globs at build time, so a new header needs no manual re-configure.
  file(GLOB headers CONFIGURE_DEPENDS "${dir}/*.hpp")

  string(MAKE_C_IDENTIFIER "${target}" stamp_name)
  # The index sits at <root>/<DIR as written relative to this CMakeLists>/index.hpp, so the source's
  # #include "migrations/index.hpp" finds it through <root> on the include path.
  file(RELATIVE_PATH relative "${CMAKE_CURRENT_SOURCE_DIR}" "${dir}")
  if(relative STREQUAL "" OR relative MATCHES "^\\.\\./")
    get_filename_component(relative "${dir}" NAME)
  endif()
  set(root "${CMAKE_CURRENT_BINARY_DIR}/${stamp_name}_migrations")
  set(index "${root}/${relative}/index.hpp")
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${stamp_name}_migrations_index.stamp")
  # A removed header leaves every remaining dependency older than the stamp; this list file
  # changes with the glob, so removals re-index too. file(CONFIGURE) only writes on change.
  set(header_list "${CMAKE_CURRENT_BINARY_DIR}/${stamp_name}_migrations_index.list")
  list(JOIN headers "\n" header_lines)
  file(CONFIGURE OUTPUT "${header_list}" CONTENT "${header_lines}\n" @ONLY)
  add_custom_command(
    OUTPUT "${stamp}"
    BYPRODUCTS "${index}"
    COMMAND migrate::migrate-new index --dir "${dir}" --namespace "${arg_NAMESPACE}" --output "${index}"
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${headers} "${header_list}" migrate::migrate-new
    COMMENT "Indexing migrations in ${dir}"
    VERBATIM)
  add_custom_target(${stamp_name}_migrations_index DEPENDS "${stamp}")
  add_dependencies(${target} ${stamp_name}_migrations_index)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    target_include_directories(${target} INTERFACE "${root}")
  elseif(type STREQUAL "EXECUTABLE")
    target_include_directories(${target} PRIVATE "${root}")
  else()
    target_include_directories(${target} PUBLIC "${root}")
  endif()
endfunction()
