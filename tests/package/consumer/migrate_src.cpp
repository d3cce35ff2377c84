// The one file of consumer_separate that compiles migrate's bodies (MIGRATE_SEPARATE_COMPILATION); in
// consumer_all_compiled, which links the compiled libraries, only the code that opens the database URL.
#include <migrate/src.hpp>
