// migrate-new: generates migration headers and their index (see docs/codegen.md).
#include <migrate_new/cli.hpp>

#include <iostream>

int main(int argc, char** argv) {
  return migrate_new::run({argv + 1, argv + argc}, migrate_new::process_environment(), std::cout, std::cerr);
}
