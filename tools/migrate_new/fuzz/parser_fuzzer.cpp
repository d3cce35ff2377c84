// libFuzzer target: any bytes fed to the migration header parser either parse or raise
// migrate_new::error; anything else (a crash, another exception, a sanitizer report) is a bug.
#include <migrate_new/error.hpp>
#include <migrate_new/header_parser.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const migrate_new::migration_header header = migrate_new::parse_migration_header(text, "fuzz.hpp");
    if (header.revision.empty()) __builtin_trap();  // the parser promises a revision
  } catch (const migrate_new::error&) {
  }
  return 0;
}
