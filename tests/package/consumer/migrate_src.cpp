// The one file of consumer_separate that compiles migrate's bodies (MIGRATE_SEPARATE_COMPILATION).
#include <migrate/src.hpp>
