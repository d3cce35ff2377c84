# migrate_add_migrations(<target> DIR <dir> [NAMESPACE <ns>])
#
# Keeps <dir>/index.hpp (the `registry` alias over every migration header in <dir>) up to date:
# whenever a header in <dir> is added, removed or edited, the next build of <target> reruns
# `migrate-new index`, so a header dropped in by hand or arriving through a git merge is
# re-validated by the compile-time chain check in `migrate::registry`.
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
  file(MAKE_DIRECTORY "${dir}")
  # CONFIGURE_DEPENDS re-globs at build time, so a new header needs no manual re-configure.
  file(GLOB headers CONFIGURE_DEPENDS "${dir}/*.hpp")
  list(FILTER headers EXCLUDE REGEX "/index\\.hpp$")

  string(MAKE_C_IDENTIFIER "${target}" stamp_name)
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${stamp_name}_migrations_index.stamp")
  # A removed header leaves every remaining dependency older than the stamp; this list file
  # changes with the glob, so removals re-index too. file(CONFIGURE) only writes on change.
  set(header_list "${CMAKE_CURRENT_BINARY_DIR}/${stamp_name}_migrations_index.list")
  list(JOIN headers "\n" header_lines)
  file(CONFIGURE OUTPUT "${header_list}" CONTENT "${header_lines}\n" @ONLY)
  add_custom_command(
    OUTPUT "${stamp}"
    BYPRODUCTS "${dir}/index.hpp"
    COMMAND migrate::migrate-new index --dir "${dir}" --namespace "${arg_NAMESPACE}"
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${headers} "${header_list}" migrate::migrate-new
    COMMENT "Indexing migrations in ${dir}"
    VERBATIM)
  add_custom_target(${stamp_name}_migrations_index DEPENDS "${stamp}")
  add_dependencies(${target} ${stamp_name}_migrations_index)
endfunction()
