// The CLI's and the runner's bodies for cli_tests_separate, compiled once (MIGRATE_SEPARATE_COMPILATION).
#include <migrate/src.hpp>
