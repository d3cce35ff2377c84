#include <migrate_new/chain.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>

using namespace migrate_new;
using Catch::Matchers::Equals;

namespace {

migration_file migration(std::string revision, std::vector<std::string> revises) {
  migration_file file;
  file.file_name = revision + "_step.hpp";
  file.header.revision = std::move(revision);
  file.header.revises = std::move(revises);
  return file;
}

}  // namespace

TEST_CASE("an empty directory has no head and no problem") {
  const chain_analysis analysis = analyze_chain({});
  CHECK(analysis.problems.empty());
  CHECK(analysis.heads.empty());
}

TEST_CASE("a linear chain has one head") {
  const chain_analysis analysis = analyze_chain({migration("b", {"a"}), migration("a", {}), migration("c", {"b"})});
  CHECK(analysis.problems.empty());
  CHECK_THAT(analysis.heads, Equals(std::vector<std::string>{"c"}));
}

TEST_CASE("a branch has two heads and a merge joins them") {
  std::vector<migration_file> files = {migration("a", {}), migration("b", {"a"}), migration("c", {"a"})};
  CHECK_THAT(analyze_chain(files).heads, Equals(std::vector<std::string>{"b", "c"}));
  CHECK(analyze_chain(files).problems.empty());
  files.push_back(migration("d", {"b", "c"}));
  CHECK_THAT(analyze_chain(files).heads, Equals(std::vector<std::string>{"d"}));
}

TEST_CASE("broken chains are described") {
  using problem_case = std::pair<std::vector<migration_file>, std::string>;
  const auto [files, expected] = GENERATE(values<problem_case>({
      {{migration("a", {}), migration("a", {})}, "duplicate revision a in a_step.hpp and a_step.hpp"},
      {{migration("a", {}), migration("b", {"zzz"})}, "b_step.hpp: revises zzz, which no migration in the directory declares"},
      {{migration("a", {}), migration("b", {})}, "several roots (migrations that revise nothing): a (a_step.hpp), b (b_step.hpp)"},
      {{migration("a", {}), migration("b", {"c"}), migration("c", {"b"})}, "cycle: b -> c -> b (each revises the next)"},
      {{migration("a", {"a"})}, "cycle: a -> a"},
      {{migration("a", {}), migration("b", {"a", "a"})}, "b_step.hpp: revises a twice"},
      {{migration("a b", {})}, "a b_step.hpp: revision id \"a b\" may hold only letters, digits, '_', '-' and '.'"},
  }));
  const chain_analysis analysis = analyze_chain(files);
  INFO(fmt::format("{}", fmt::join(analysis.problems, "\n")));
  CHECK(std::any_of(analysis.problems.begin(), analysis.problems.end(),
                    [&](const std::string& problem) { return problem.find(expected) != std::string::npos; }));
}
