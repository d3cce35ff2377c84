# Runs the FHIR example against the test server: cmake -DEXAMPLE=<exe> -DENDPOINTS=<endpoints.json> -P run_example.cmake
file(READ ${ENDPOINTS} endpoints)
string(JSON base GET ${endpoints} fhir_base)
# One state resource per server start (the server is in memory and restarted with each ctest run).
string(JSON pid GET ${endpoints} pid)
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env FHIR_URL=${base}/ MIGRATION_RESOURCE_ID=fhir-example-${pid} ${EXAMPLE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fhir_example (${RUN}) exited with ${rc}")
endif()
