#pragma once
// The body both ODR translation units compile, each under its own store set; ODR_OUTCOME names the function.

#include <cstdio>
#include <cstdlib>
#include <span>
#include <string_view>
#include <vector>

#include <migrate/cli/sqlite.hpp>
#include <migrate/migrate.hpp>

#include "odr_store_set.hpp"

namespace odr_test {

namespace {
std::string read_back(std::FILE* file) {
  std::string text;
  std::rewind(file);
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) text += static_cast<char>(c);
  std::fclose(file);
  return text;
}
}  // namespace

outcome ODR_OUTCOME() {
  outcome result;
  ::setenv("DATABASE_URL", postgres_url, 1);
  try {
    migrate::upgrade_all<registry>(migrate::run_options{.sinks = {}});
  } catch (const std::exception& e) {
    result.upgrade_error = e.what();
  }
  ::unsetenv("DATABASE_URL");

  migrate::cli::options opts;
  opts.out = std::tmpfile();
  opts.err = std::tmpfile();
  opts.terminal = false;
  std::vector<std::string_view> args{"status", "--database", postgres_url};
  result.cli_exit = migrate::cli::run<registry>(std::span<const std::string_view>(args), opts);
  read_back(opts.out);
  result.cli_error = read_back(opts.err);
  return result;
}

}  // namespace odr_test
