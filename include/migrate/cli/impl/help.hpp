// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Inline bodies of <migrate/cli/help.hpp>; included at its end, and including it so this header stands alone.
#include <migrate/cli/help.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli {
namespace detail {

struct option_help {
  unsigned flag;  // 0: a global option
  std::string_view name;
  std::string_view text;
};

inline constexpr std::array<option_help, 17> option_helps{{
    {flag_verbose, "    --verbose", "also show parents, kind, checksum and times"},
    {flag_yes, "    --yes", "confirm a destructive command (reset, downgrade base)"},
    {flag_from, "    --from REV", "start from REV, head or base (default: base)"},
    {flag_to, "    --to REV", "go to REV, head or base (default: head)"},
    {flag_dialect, "    --dialect NAME", "sqlite or postgresql (default: the database URL's)"},
    {flag_up_to_date, "    --up-to-date", "also fail (exit 3) when migrations are pending"},
    {flag_schema, "    --schema", "also compare the live schema with the typed migrations' model"},
    {flag_single_transaction, "    --single-transaction", "run every step in one transaction: all or nothing"},
    {flag_forget_unknown, "    --forget-unknown", "drop records of revisions this build does not know"},
    {flag_accept_checksums, "    --accept-checksums", "re-record this build's checksums over drifted ones"},
    {flag_map, "    --map FOREIGN=OURS", "the other tool's revision FOREIGN is this build's OURS"},
    {flag_drop_foreign, "    --drop-foreign", "drop the other tool's state table once adopted"},
    {0, "-d, --database URL", ""},
    {0, "    --json", "machine-readable output: one JSON object on stdout"},
    {0, "    --color WHEN", "auto, always or never; auto colours a terminal unless NO_COLOR is set"},
    {0, "-h, --help", "help for a command"},
    {0, "    --version", "the migrate version this program was built with"},
}};

inline constexpr std::string_view exit_code_help =
    "Exit codes:\n"
    "  0  success\n"
    "  1  a migration failed, or the database could not be read or written\n"
    "  2  usage: bad command, option or target; --yes missing; an irreversible step (nothing ran)\n"
    "  3  the database disagrees with this build: verify or status findings, dirty state, checksum\n"
    "     drift, unknown revision, an unmanaged database; with verify --up-to-date, also pending\n"
    "  4  another migration run held the lock too long, or took it from under this run\n";

inline std::string option_lines(const help_context& context, unsigned flags) {
  std::string text;
  for (const auto& option : option_helps) {
    if (option.flag != 0 && !(flags & option.flag)) continue;
    std::string description(option.text);
    if (option.name.ends_with("--database URL"))
      description = fmt::format("the database (default: $DATABASE_URL, else {})", context.default_database_url);
    text += fmt::format("  {:<24}  {}\n", option.name, description);
  }
  return text;
}

}  // namespace detail

inline std::string global_help(const help_context& context) {
  std::string text = fmt::format("Usage: {} [options] <command> [arguments]\n\n", context.program);
  text += fmt::format("Database migrations of this application: {} compiled in, head {}.\n\nCommands:\n",
                      context.migration_count, context.head.empty() ? std::string_view("(none)") : context.head);
  auto usage_of = [](const command_spec& spec) {
    return spec.arguments.empty() ? std::string(spec.name) : fmt::format("{} {}", spec.name, spec.arguments);
  };
  std::size_t width = 0;
  for (const auto& spec : command_specs) width = std::max(width, usage_of(spec).size());
  for (const auto& spec : command_specs) text += fmt::format("  {:<{}}  {}\n", usage_of(spec), width, spec.summary);
  text += "\nOptions:\n";
  text += detail::option_lines(context, 0);
  text += "\n";
  text += detail::exit_code_help;
  text += fmt::format("\nRun `{} help COMMAND` or `{} COMMAND --help` for more.\n", context.program, context.program);
  return text;
}

inline std::string command_help(const help_context& context, const command_spec& spec) {
  if (spec.id == command::help) return global_help(context);
  std::string text = fmt::format("Usage: {} {}{}{} [options]\n\n", context.program, spec.name,
                                 spec.arguments.empty() ? "" : " ", spec.arguments);
  std::string summary(spec.summary);
  if (!summary.empty()) summary[0] = static_cast<char>(summary[0] >= 'a' && summary[0] <= 'z' ? summary[0] - 32 : summary[0]);
  text += fmt::format("{}.\n\n{}\n\nOptions:\n", summary, spec.details);
  text += detail::option_lines(context, spec.flags);
  text += "\n";
  text += detail::exit_code_help;
  return text;
}

}  // namespace migrate::cli
