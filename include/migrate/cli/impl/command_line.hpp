// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// Inline bodies of <migrate/cli/command_line.hpp>; included at its end, and including it so this header stands alone.
#include <migrate/cli/command_line.hpp>

#include <fmt/format.h>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli {
namespace detail {

struct flag_name {
  std::string_view name;
  option_flag flag;
};
inline constexpr std::array<flag_name, 12> command_flag_names{{
    {"--verbose", flag_verbose},
    {"--yes", flag_yes},
    {"--from", flag_from},
    {"--to", flag_to},
    {"--up-to-date", flag_up_to_date},
    {"--single-transaction", flag_single_transaction},
    {"--forget-unknown", flag_forget_unknown},
    {"--accept-checksums", flag_accept_checksums},
    {"--map", flag_map},
    {"--drop-foreign", flag_drop_foreign},
    {"--dialect", flag_dialect},
    {"--schema", flag_schema},
}};

// "-1" and "-20" are downgrade targets, not options.
inline bool looks_like_step_count(std::string_view arg) {
  return arg.size() > 1 && arg[0] == '-' && arg[1] >= '0' && arg[1] <= '9';
}

}  // namespace detail

inline command_line parse_command_line(std::span<const std::string_view> args) {
  command_line line;
  unsigned flags_seen = no_flags;
  std::vector<std::string_view> flag_texts;
  auto complain = [&line](std::string message) {
    if (line.problem.empty()) line.problem = std::move(message);
  };
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    bool positional = options_ended || arg.empty() || arg[0] != '-' || arg == "-" || detail::looks_like_step_count(arg);
    if (positional) {
      if (!line.command_given) {
        line.command_given = true;
        if (auto spec = find_command(arg)) {
          line.what = spec->id;
          line.command_known = true;
        } else {
          complain(fmt::format("unknown command '{}'", arg));
        }
      } else {
        line.arguments.emplace_back(arg);
      }
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    auto value = [&]() -> std::optional<std::string> {
      if (inline_value) return std::string(*inline_value);
      if (i + 1 < args.size()) return std::string(args[++i]);
      complain(fmt::format("{} needs a value", name));
      return std::nullopt;
    };
    auto no_value = [&] {
      if (inline_value) complain(fmt::format("{} takes no value", name));
    };
    if (name == "-h" || name == "--help") {
      no_value();
      line.help = true;
    } else if (name == "--version") {
      no_value();
      line.version = true;
    } else if (name == "--json") {
      no_value();
      line.json = true;
    } else if (name == "-d" || name == "--database") {
      line.database = value();
    } else if (name == "--color" || name == "--colour") {
      auto when = value();
      if (when == "auto") line.colour = colour_choice::automatic;
      else if (when == "always") line.colour = colour_choice::always;
      else if (when == "never") line.colour = colour_choice::never;
      else if (when) complain(fmt::format("--color takes auto, always or never, not '{}'", *when));
    } else if (name == "--no-color" || name == "--no-colour") {
      no_value();
      line.colour = colour_choice::never;
    } else {
      const detail::flag_name* known = nullptr;
      for (const auto& f : detail::command_flag_names)
        if (f.name == name) known = &f;
      if (!known) {
        complain(fmt::format("unknown option {}", name));
        continue;
      }
      flags_seen |= known->flag;
      flag_texts.push_back(known->name);
      switch (known->flag) {
        case flag_verbose: no_value(); line.verbose = true; break;
        case flag_yes: no_value(); line.yes = true; break;
        case flag_up_to_date: no_value(); line.up_to_date = true; break;
        case flag_schema: no_value(); line.schema = true; break;
        case flag_single_transaction: no_value(); line.single_transaction = true; break;
        case flag_forget_unknown: no_value(); line.forget_unknown = true; break;
        case flag_accept_checksums: no_value(); line.accept_checksums = true; break;
        case flag_drop_foreign: no_value(); line.drop_foreign = true; break;
        case flag_map:
          if (auto pair = value()) {
            if (pair->find('=') == std::string::npos || pair->front() == '=' || pair->back() == '=')
              complain(fmt::format("--map takes FOREIGN=OURS, not '{}'", *pair));
            else
              line.maps.push_back(*pair);
          }
          break;
        case flag_from: line.from = value(); break;
        case flag_to: line.to = value(); break;
        case flag_dialect:
          if (auto dialect_text = value()) {
            if (auto d = migrate::dialect_named(*dialect_text)) {
              line.sql_dialect = *d;
            } else {
              std::string names;
              for (auto each : all_dialects)
                names += fmt::format("{}{}", names.empty() ? "" : " or ", to_string(each));
              complain(fmt::format("--dialect takes {}, not '{}'", names, *dialect_text));
            }
          }
          break;
        case no_flags: break;
      }
    }
  }
  if (!line.problem.empty() || line.help) return line;
  const auto& spec = spec_of(line.what);
  if (!line.command_given) {
    complain("no command given");
    return line;
  }
  for (const auto& f : detail::command_flag_names)
    if ((flags_seen & f.flag) && !(spec.flags & f.flag))
      complain(fmt::format("{} is not an option of `{}`", f.name, spec.name));
  if (line.arguments.size() > spec.max_arguments)
    complain(spec.max_arguments == 0
                 ? fmt::format("`{}` takes no arguments, but got '{}'", spec.name, line.arguments.front())
                 : fmt::format("`{}` takes at most {} argument: {}", spec.name, spec.max_arguments, spec.arguments));
  else if (line.arguments.size() < spec.min_arguments)
    complain(fmt::format("`{}` needs an argument: {}", spec.name, spec.arguments));
  return line;
}

}  // namespace migrate::cli
