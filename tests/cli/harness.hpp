#pragma once
// Runs the CLI in-process with captured output, a temporary database and a controlled environment.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

// The whole CLI and core: with MIGRATE_SEPARATE_COMPILATION (cli_tests_separate) <migrate/cli.hpp> alone holds only
// cli::run<Registry>.
#include <migrate/cli.hpp>
#include <migrate/cli/command_line.hpp>
#include <migrate/cli/help.hpp>
#include <migrate/cli/offline_sql.hpp>
#include <migrate/cli/progress.hpp>
#include <migrate/cli/run.hpp>
#include <migrate/core.hpp>
#include <migrate/stores.hpp>

namespace cli_test {

struct result {
  int exit = -1;
  std::string out;
  std::string err;
};

// A stream writing into memory; `text()` is valid once closed.
class memory_stream {
 public:
  memory_stream() : file_(open_memstream(&buffer_, &size_)) {}
  memory_stream(const memory_stream&) = delete;
  memory_stream& operator=(const memory_stream&) = delete;
  ~memory_stream() {
    close();
    std::free(buffer_);
  }
  std::FILE* file() const noexcept { return file_; }
  std::string text() {
    close();
    return std::string(buffer_, size_);
  }

 private:
  void close() {
    if (file_) std::fclose(file_);
    file_ = nullptr;
  }
  char* buffer_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* file_ = nullptr;
};

// A temporary directory with one database in it, removed afterwards.
class sandbox {
 public:
  sandbox() {
    std::string pattern = (std::filesystem::temp_directory_path() / "migrate-cli-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    env["DATABASE_URL"] = database();
  }
  ~sandbox() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string dir() const { return dir_; }
  std::string database() const { return dir_ + "/clinic.db"; }

  std::map<std::string, std::string> env;
  std::optional<bool> terminal = false;
  migrate::events sinks{};

  migrate::cli::options options(std::FILE* out, std::FILE* err) const {
    migrate::cli::options opts;
    opts.program = "clinic migrate";
    opts.out = out;
    opts.err = err;
    opts.terminal = terminal;
    opts.sinks = sinks;
    auto vars = env;
    opts.environment = [vars](std::string_view name) -> std::optional<std::string> {
      auto it = vars.find(std::string(name));
      if (it == vars.end()) return std::nullopt;
      return it->second;
    };
    return opts;
  }

  /// Runs the CLI of `Registry` with `args` over the linked stores (`cli::run<Registry>(args, options)`).
  template <class Registry>
  result run(std::initializer_list<std::string_view> args) const {
    return capture([&](std::span<const std::string_view> list, const migrate::cli::options& opts) {
      return migrate::cli::run<Registry>(list, opts);
    }, args);
  }
  /// Runs the CLI of `Registry` with `args` against `source` (a store or an opener).
  template <class Registry, class Source>
  result run(std::initializer_list<std::string_view> args, Source&& source) const {
    return capture([&](std::span<const std::string_view> list, const migrate::cli::options& opts) {
      return migrate::cli::run<Registry>(list, std::forward<Source>(source), opts);
    }, args);
  }

  template <class Run>
  result capture(Run&& run, std::initializer_list<std::string_view> args) const {
    memory_stream out, err;
    std::vector<std::string_view> list(args);
    result r;
    r.exit = run(std::span<const std::string_view>(list), options(out.file(), err.file()));
    r.out = out.text();
    r.err = err.text();
    return r;
  }

  /// Recorded revisions, straight from the database.
  std::vector<std::string> recorded() const {
    migrate::sqlite::store store(database());
    std::vector<std::string> revisions;
    for (const auto& row : store.load_state()) revisions.push_back(row.revision + (row.in_progress ? "*" : ""));
    return revisions;
  }
  bool has_table(const std::string& name) const {
    migrate::sqlite::store store(database());
    return store.session()
        .query_value<std::int64_t>("SELECT 1 FROM sqlite_master WHERE name = ?1", name)
        .has_value();
  }

 private:
  std::string dir_;
};

/// Output with what varies between runs replaced: the sandbox path, timestamps, durations.
inline std::string normalised(std::string text, const sandbox& box) {
  for (auto pos = text.find(box.dir()); pos != std::string::npos; pos = text.find(box.dir(), pos))
    text.replace(pos, box.dir().size(), "<tmp>");
  text = std::regex_replace(text, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"), "<time>");
  text = std::regex_replace(text, std::regex(R"(\b\d+ ms\b)"), "<n> ms");
  text = std::regex_replace(text, std::regex(R"x("(duration_ms|execution_ms)":\d+)x"), "\"$1\":0");
  return text;
}

/// Compares with tests/cli/golden/<name>; MIGRATE_UPDATE_GOLDEN=1 rewrites the file instead.
inline void check_golden(const std::string& name, const std::string& actual) {
  auto path = std::filesystem::path(MIGRATE_CLI_GOLDEN_DIR) / name;
  if (const char* update = std::getenv("MIGRATE_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream file(path, std::ios::binary);
  INFO("golden file " << path.string() << " (MIGRATE_UPDATE_GOLDEN=1 regenerates it)");
  REQUIRE(file.good());
  std::stringstream expected;
  expected << file.rdbuf();
  CHECK(actual == expected.str());
}

/// The golden text of one run: exit code, stdout, stderr.
inline std::string transcript(const result& r, const sandbox& box) {
  return normalised("exit: " + std::to_string(r.exit) + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err, box);
}

}  // namespace cli_test
