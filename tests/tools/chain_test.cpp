#include <migrate_new/chain.hpp>

#include <migrate/core/detail/chain_analysis.hpp>
#include <migrate/core/migration.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <array>
#include <string>

using namespace migrate_new;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using migrate::migration_spec;
using migrate::detail::chain_problem;

namespace {

migration_file migration(std::string revision, std::vector<std::string> revises) {
  migration_file file;
  file.file_name = revision + "_step.hpp";
  file.header.revision = std::move(revision);
  file.header.revises = std::move(revises);
  return file;
}

// The chains of tests/compile_fail/cases (declared in the registry's order there), plus the length limit.
constexpr std::array<migration_spec, 5> valid_chain{{{.revision = "ccc", .revises = {"bbb"}},
                                                     {.revision = "eee", .revises = "ddd"},
                                                     {.revision = "bbb", .revises = "aaa"},
                                                     {.revision = "ddd", .revises = "ccc"},
                                                     {.revision = "aaa"}}};
constexpr std::array<migration_spec, 5> cycle_apart_from_chain{{{.revision = "root"},
                                                                {.revision = "aaa", .revises = "root"},
                                                                {.revision = "bbb", .revises = "aaa"},
                                                                {.revision = "xxx", .revises = "yyy"},
                                                                {.revision = "yyy", .revises = "xxx"}}};
constexpr std::array<migration_spec, 4> cycle_on_main_chain{{{.revision = "ccc", .revises = "bbb"},
                                                             {.revision = "bbb", .revises = "aaa"},
                                                             {.revision = "aaa", .revises = {"root", "ccc"}},
                                                             {.revision = "root"}}};
constexpr std::array<migration_spec, 3> duplicate_down_revision{
    {{.revision = "aaa"}, {.revision = "bbb", .revises = "aaa"}, {.revision = "ccc", .revises = {"bbb", "bbb"}}}};
constexpr std::array<migration_spec, 3> duplicate_revision{
    {{.revision = "aaa"}, {.revision = "bbb", .revises = "aaa"}, {.revision = "bbb", .revises = "aaa"}}};
constexpr std::array<migration_spec, 2> empty_revision{{{.revision = "aaa"}, {.revision = "", .revises = "aaa"}}};
constexpr std::array<migration_spec, 2> malformed_down_revision{{{.revision = "aaa"}, {.revision = "bbb", .revises = "aaa/"}}};
constexpr std::array<migration_spec, 2> malformed_revision{{{.revision = "aaa"}, {.revision = "has space", .revises = "aaa"}}};
constexpr std::array<migration_spec, 3> missing_down_revision{
    {{.revision = "ccc", .revises = "zzz"}, {.revision = "bbb", .revises = "aaa"}, {.revision = "aaa"}}};
constexpr std::array<migration_spec, 3> no_root{
    {{.revision = "aaa", .revises = "ccc"}, {.revision = "bbb", .revises = "aaa"}, {.revision = "ccc", .revises = "bbb"}}};
constexpr std::array<migration_spec, 2> self_revision{{{.revision = "aaa"}, {.revision = "bbb", .revises = {"aaa", "bbb"}}}};
constexpr std::array<migration_spec, 4> several_heads{{{.revision = "ddd", .revises = "bbb"},
                                                       {.revision = "aaa"},
                                                       {.revision = "ccc", .revises = "bbb"},
                                                       {.revision = "bbb", .revises = "aaa"}}};
constexpr std::array<migration_spec, 3> several_roots{{{.revision = "aaa"}, {.revision = "bbb", .revises = "aaa"}, {.revision = "ccc"}}};
constexpr std::string_view id_64 = "0123456789012345678901234567890123456789012345678901234567890123";
constexpr std::string_view id_65 = "01234567890123456789012345678901234567890123456789012345678901234";
constexpr std::array<migration_spec, 2> longest_revision{{{.revision = "aaa"}, {.revision = id_64, .revises = {"aaa"}}}};
constexpr std::array<migration_spec, 2> too_long_revision{{{.revision = "aaa"}, {.revision = id_65, .revises = {"aaa"}}}};
constexpr std::array<migration_spec, 2> too_long_down_revision{{{.revision = "aaa"}, {.revision = "bbb", .revises = {id_65}}}};

/// What the registry computes for `specs` at compile time (`registry::analysis`).
template <std::size_t N>
constexpr auto compile_time_analysis(const std::array<migration_spec, N>& specs) {
  std::array<const migration_spec*, N> pointers{};
  std::array<migrate::detail::migration_keys, N> keys{};
  for (std::size_t i = 0; i < N; ++i) {
    pointers[i] = &specs[i];
    keys[i] = migrate::detail::keys_of(specs[i]);
  }
  return migrate::detail::analyse_chain<N, N * migrate::max_down_revisions>(pointers, keys);
}

/// The same declarations as migrate-new reads them from a directory, in the same order.
template <std::size_t N>
std::vector<migration_file> as_files(const std::array<migration_spec, N>& specs) {
  std::vector<migration_file> files;
  for (std::size_t i = 0; i < N; ++i) {
    migration_file file;
    file.file_name = fmt::format("{}_{}.hpp", i, specs[i].revision);
    file.header.revision = std::string(specs[i].revision);
    for (std::string_view parent : specs[i].revises) file.header.revises.emplace_back(parent);
    files.push_back(std::move(file));
  }
  return files;
}

struct agreement {
  chain_problem problem;
  std::size_t culprit;
  std::string message;
};

/// Runs both analyses; the build's verdict is a constant expression, as in `migrate::registry`.
template <const auto& Specs>
agreement compare() {
  constexpr auto build = compile_time_analysis(Specs);
  const chain_analysis tool = analyze_chain(as_files(Specs));
  CHECK(tool.problem == build.problem);
  return {build.problem, build.culprit, tool.message};
}

}  // namespace

TEST_CASE("migrate-new judges a chain exactly as the build does (the compile_fail cases)") {
  CHECK(compare<valid_chain>().problem == chain_problem::none);
  CHECK(compare<longest_revision>().problem == chain_problem::none);

  const auto check = [](const agreement& found, chain_problem problem, std::size_t culprit, std::string_view message) {
    CHECK(found.problem == problem);
    CHECK(found.culprit == culprit);
    CHECK_THAT(found.message, Contains(std::string(message)));
  };
  check(compare<cycle_apart_from_chain>(), chain_problem::cycle, 4, "cycle: xxx -> yyy -> xxx (each revises the next)");
  check(compare<cycle_on_main_chain>(), chain_problem::cycle, 1, "cycle: ccc -> bbb -> aaa -> ccc");
  check(compare<duplicate_down_revision>(), chain_problem::duplicate_down_revision, 2, "2_ccc.hpp: revises bbb twice");
  check(compare<duplicate_revision>(), chain_problem::duplicate_revision, 2, "duplicate revision bbb in 1_bbb.hpp and 2_bbb.hpp");
  check(compare<empty_revision>(), chain_problem::empty_revision, 1, "1_.hpp: .revision is empty");
  check(compare<malformed_down_revision>(), chain_problem::malformed_down_revision, 1,
        "1_bbb.hpp: .revises holds the malformed revision id \"aaa/\" ('/' at position 4); use " MIGRATE_REVISION_RULE);
  check(compare<malformed_revision>(), chain_problem::malformed_revision, 1,
        "1_has space.hpp: revision id \"has space\" is malformed (byte 0x20 at position 4); use " MIGRATE_REVISION_RULE);
  check(compare<missing_down_revision>(), chain_problem::missing_down_revision, 0,
        "0_ccc.hpp: revises zzz, which no migration in the directory declares");
  check(compare<no_root>(), chain_problem::no_root, 0, "no root (a migration that revises nothing)");
  check(compare<self_revision>(), chain_problem::cycle, 1, "cycle: bbb -> bbb");
  check(compare<several_heads>(), chain_problem::several_heads, 2,
        "several heads (revisions nothing revises): ddd (0_ddd.hpp), ccc (2_ccc.hpp)");
  check(compare<several_roots>(), chain_problem::several_roots, 2,
        "several roots (migrations that revise nothing): aaa (0_aaa.hpp), ccc (2_ccc.hpp)");
  check(compare<too_long_revision>(), chain_problem::malformed_revision, 1,
        fmt::format("revision id \"{}\" is malformed (65 characters); use 1 to 64 ASCII letters, digits, '_', '-' or '.'", id_65));
  check(compare<too_long_down_revision>(), chain_problem::malformed_down_revision, 1,
        fmt::format(".revises holds the malformed revision id \"{}\" (65 characters); use {}", id_65, migrate::revision_rule));
}

TEST_CASE("an empty directory has no head and no problem") {
  const chain_analysis analysis = analyze_chain({});
  CHECK(analysis.problem == chain_problem::none);
  CHECK(analysis.message.empty());
  CHECK(analysis.heads.empty());
}

TEST_CASE("a linear chain has one head") {
  const chain_analysis analysis = analyze_chain({migration("b", {"a"}), migration("a", {}), migration("c", {"b"})});
  CHECK_FALSE(analysis.broken());
  CHECK_THAT(analysis.heads, Equals(std::vector<std::string>{"c"}));
}

TEST_CASE("a branch has two heads, which is not broken, and a merge joins them") {
  std::vector<migration_file> files = {migration("a", {}), migration("b", {"a"}), migration("c", {"a"})};
  CHECK_THAT(analyze_chain(files).heads, Equals(std::vector<std::string>{"b", "c"}));
  CHECK(analyze_chain(files).problem == chain_problem::several_heads);
  CHECK_FALSE(analyze_chain(files).broken());
  files.push_back(migration("d", {"b", "c"}));
  CHECK_THAT(analyze_chain(files).heads, Equals(std::vector<std::string>{"d"}));
  CHECK(analyze_chain(files).problem == chain_problem::none);
}

TEST_CASE("a cycle is shown from its first file, wherever the analysis entered it") {
  const chain_analysis analysis =
      analyze_chain({migration("a", {}), migration("b", {"d"}), migration("c", {"b"}), migration("d", {"c"})});
  CHECK(analysis.broken());
  CHECK_THAT(analysis.message, Equals("cycle: b -> d -> c -> b (each revises the next)"));
}

TEST_CASE("a bad character is named, printable or not") {
  CHECK_THAT(analyze_chain({migration("caf\xc3\xa9", {})}).message,
             Equals("caf\xc3\xa9_step.hpp: revision id \"caf\xc3\xa9\" is malformed (byte 0xc3 at position 4); use " MIGRATE_REVISION_RULE));
  CHECK_THAT(analyze_chain({migration("a", {}), migration("b", {"a:b"})}).message,
             Contains("\"a:b\" (':' at position 2)"));
}
