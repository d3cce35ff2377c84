// The CLI's and the runner's bodies for cli_tests_separate, compiled once (MIGRATE_SEPARATE_COMPILATION); for
// cli_tests_compiled only the opening of the URL (the rest is in migrate::compiled).
#include <migrate/src.hpp>
