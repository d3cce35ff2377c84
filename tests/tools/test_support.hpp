#pragma once
// Scratch directories and file helpers shared by the migrate-new tests.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>

namespace migrate_new::test {

/// A fresh directory under the system temp directory, removed with everything in it.
class scratch_directory {
 public:
  scratch_directory() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() / ("migrate_new_test_" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~scratch_directory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  scratch_directory(const scratch_directory&) = delete;
  scratch_directory& operator=(const scratch_directory&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A well-formed SQL migration header revising `revises` (empty for a root).
inline std::string sql_migration(std::string_view revision, std::string_view revises, std::string_view ns = "migrations") {
  std::string text = "#pragma once\n#include <migrate/core/migration.hpp>\n\nnamespace " + std::string(ns) + " {\n\n";
  text += "MIGRATE_SQL_MIGRATION(m_" + std::string(revision) + "_step,\n";
  text += "    .revision = \"" + std::string(revision) + "\",\n";
  if (!revises.empty()) text += "    .revises = {" + std::string(revises) + "},\n";
  text += "    .description = \"step " + std::string(revision) + "\",\n";
  text += "    .up = R\"sql(\nSELECT 1;\n)sql\",\n    .down = R\"sql(\nSELECT 1;\n)sql\");\n\n}  // namespace " + std::string(ns) + "\n";
  return text;
}

}  // namespace migrate_new::test
