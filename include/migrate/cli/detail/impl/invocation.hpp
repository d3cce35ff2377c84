// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// The CLI's bodies that do not depend on the store: included by <migrate/cli/detail/invocation.hpp> (inline), or,
// with MIGRATE_SEPARATE_COMPILATION, compiled once by <migrate/src.hpp>.
#include <migrate/cli/detail/invocation.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli::detail {

MIGRATE_DECL invocation::invocation(const chain_tables& tables, std::span<const std::string_view> args,
                                    const options& opts, std::string program)
    : options_(opts),
      program_(std::move(program)),
      line_(parse_command_line(args)),
      output_(output::decide(line_, opts)),
      tables_(tables),
      chain_(tables.migrations) {
  // From the start, so that no message at all can show the URL's secrets.
  output_.scrub = secret_scrubber(database_text());
}

MIGRATE_DECL std::optional<int> invocation::run_without_store() {
  try {
    if (line_.help) return help();
    if (line_.version) return version();
    if (!line_.command_given) {
      if (output_.json) throw usage_error("no command given");
      // Bare `program`: the overview is the most useful answer, but it is still a usage error.
      fmt::print(output_.err, "{}", global_help(make_help_context()));
      return static_cast<int>(exit_code::usage);
    }
    if (!line_.problem.empty()) throw usage_error(line_.problem);
    if (line_.what == command::help) return help();
    switch (line_.what) {
      case command::heads: return heads();
      case command::sql: return offline_sql();
      case command::schema: return offline_schema();
      case command::upgrade:
      case command::downgrade:
      case command::stamp: target_ = checked_target(); break;
      default: break;
    }
    return std::nullopt;
  } catch (...) {
    return fail(std::current_exception());
  }
}

MIGRATE_DECL database_url invocation::database(std::string_view opened_urls) const {
  database_url url;
  try {
    url = database_url::parse(database_text());
  } catch (const error& e) {
    if (opened_urls.empty()) throw;
    throw error(e.code(), fmt::format("{}; this build opens {}", e.what(), opened_urls));
  }
  if (!line_.database && !(options_.environment && options_.environment("DATABASE_URL")))
    options_.sinks.emit(event{.kind = event_kind::default_database,
                              .message = fmt::format("DATABASE_URL is unset; using the default {}",
                                                     url.redacted()),
                              .store = url.redacted()});
  return url;
}

MIGRATE_DECL std::optional<int> invocation::refuse_database_option() {
  if (!line_.database) return std::nullopt;
  return fail(std::make_exception_ptr(
      usage_error("this application opens its database itself; --database cannot choose another")));
}

MIGRATE_DECL int invocation::fail(std::exception_ptr failure) {
  exit_code code = exit_code::failed;
  std::string error_code = "error";
  std::string message;
  std::string revision;
  try {
    std::rethrow_exception(failure);
  } catch (const usage_error& e) {
    code = exit_code::usage;
    error_code = e.code();
    message = e.what();
  } catch (const migration_failed_error& e) {
    code = exit_code_for(e.code());
    error_code = to_string(e.code());
    message = e.what();
    revision = e.revision();
  } catch (const error& e) {
    code = exit_code_for(e.code());
    error_code = to_string(e.code());
    message = e.what();
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
    message = "unknown error";
  }
  message = output_.scrub(message);
  if (run_) add_steps(*run_);
  if (output_.json) {
    json_object error;
    error.add("code", error_code).add("message", message);
    if (!revision.empty()) error.add("revision", revision);
    body_.add_raw("error", error.str());
    return finish(code);
  }
  const auto& paint = output_.err_paint;
  output_.note(fmt::format("{}: {} {}\n", program_, paint(tone::red, "error:"), message));
  if (auto hint = hint_for(code, error_code); !hint.empty()) output_.note(hint + "\n");
  return finish(code);
}

MIGRATE_DECL std::string invocation::database_text() const {
  std::optional<std::string> text = line_.database;
  if (!text && options_.environment) text = options_.environment("DATABASE_URL");
  // Only an unset DATABASE_URL means the default: a set but empty one is an error, never a new SQLite file.
  if (!text) text = options_.default_database_url;
  return *text;
}

MIGRATE_DECL std::optional<std::string> invocation::url_scheme() const {
  try {
    return database_url::parse(database_text()).scheme;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

MIGRATE_DECL help_context invocation::make_help_context() {
  head_text_ = chain_.head() ? std::string(chain_[*chain_.head()].revision) : std::string();
  default_url_text_ = migrate::redact_url(options_.default_database_url);
  return help_context{program_, default_url_text_, chain_.size(), head_text_};
}

MIGRATE_DECL int invocation::help() {
  auto context = make_help_context();
  const command_spec* spec = line_.command_given && line_.problem.empty() ? &spec_of(line_.what) : nullptr;
  if (spec && spec->id == command::help && !line_.arguments.empty()) {
    spec = find_command(line_.arguments.front());
    if (!spec) throw usage_error(fmt::format("unknown command '{}'", line_.arguments.front()));
  }
  // Help is for people, so it stays text even with --json.
  fmt::print(output_.out, "{}", spec ? command_help(context, *spec) : global_help(context));
  std::fflush(output_.out);
  return static_cast<int>(exit_code::ok);
}

MIGRATE_DECL int invocation::version() {
  body_.add("version", MIGRATE_VERSION_STRING).add_count("migrations", chain_.size());
  output_.text(fmt::format("{} (migrate {}, {} migration(s), head {})\n", program_, MIGRATE_VERSION_STRING,
                           chain_.size(),
                           chain_.head() ? std::string(chain_[*chain_.head()].revision) : std::string("none")));
  return finish(exit_code::ok);
}

MIGRATE_DECL int invocation::heads() {
  json_array list;
  if (auto head = chain_.head()) {
    const auto& m = chain_[*head];
    list.push(json_object().add("revision", m.revision).add("description", m.description));
    output_.text(fmt::format("{} {} {}\n", output_.out_paint(tone::bold, m.revision),
                             output_.out_paint(tone::cyan, "(head)"), m.description));
  } else {
    output_.text("No migrations in this build.\n");
  }
  body_.add_raw("heads", list.str());
  return finish(exit_code::ok);
}

MIGRATE_DECL int invocation::offline_sql() {
  auto from = parse_offline_target(line_.from.value_or("base"), "--from");
  auto to = parse_offline_target(line_.to.value_or("head"), "--to");
  auto plan = plan_offline(chain_, from, to);
  auto rendering = choose_offline_dialect(line_.sql_dialect, url_scheme());
  const auto& views = tables_.views;
  if (auto problem = offline_text_problem(plan, views, rendering); !problem.empty())
    throw usage_error(problem, "no_sql_for_dialect");
  // Positions are the same in every view; without a dialect, every step's text is the same in all of them.
  auto rendered = views[static_cast<std::size_t>(rendering.chosen.value_or(all_dialects[0]))];
  auto from_label = label_of(from);
  auto to_label = label_of(to);
  body_.add("direction", direction_name(plan.way)).add("from", from_label).add("to", to_label);
  if (rendering.chosen) body_.add("dialect", to_string(*rendering.chosen));
  else body_.add_null("dialect");
  json_array steps;
  std::string script = fmt::format(
      "-- Generated offline by `{} sql`: {} from {} to {} ({} migration(s)).\n"
      "-- Dialect: {} ({}).\n"
      "-- It does not record the new state: after running it, run `{} stamp {}`.\n",
      program_, plan.way == direction::up ? "upgrade" : "downgrade", from_label, to_label, plan.steps.size(),
      rendering.chosen ? to_string(*rendering.chosen) : std::string_view("portable"), rendering.reason, program_,
      to_label);
  for (auto position : plan.steps) {
    const auto& m = rendered[position];
    json_object step;
    step.add("revision", m.revision)
        .add("description", m.description)
        .add("kind", kind_name(m.kind))
        .add("in_transaction", m.in_transaction);
    if (m.kind == migration_kind::code) {
      step.add_null("sql");
      script += fmt::format("\n-- {} {}: C++ code migration, not shown\n", m.revision, m.description);
    } else {
      auto sql = trimmed(plan.way == direction::up ? m.up_sql : m.down_sql);
      step.add("sql", sql);
      script += fmt::format("\n-- {} {}{}\n{}{}\n", m.revision, m.description,
                            m.in_transaction ? "" : " (must run outside a transaction)", sql,
                            sql.ends_with(';') ? "" : ";");
    }
    steps.push(step);
  }
  body_.add_raw("steps", steps.str());
  output_.text(script);
  return finish(exit_code::ok);
}

MIGRATE_DECL int invocation::offline_schema() {
  auto at = parse_offline_target(line_.to.value_or("head"), "--to");
  auto label = label_of(at);
  auto rendering = choose_offline_dialect(line_.sql_dialect, url_scheme());
  if (!rendering.chosen) throw usage_error(fmt::format("`schema` prints one dialect's DDL; pass --dialect {}", dialect_list()));
  body_.add("at", label).add("dialect", to_string(*rendering.chosen)).add("typed", tables_.schema.typed);
  if (!tables_.schema.typed) {
    body_.add_null("ddl");
    output_.text(fmt::format("-- No schema model: {}.\n", no_typed_migrations));
    return finish(exit_code::ok);
  }
  auto ddl = schema_script(tables_.schema, offline_state(chain_, at), *rendering.chosen, program_, label, rendering.reason);
  body_.add("ddl", ddl);
  output_.text(ddl);
  return finish(exit_code::ok);
}

MIGRATE_DECL std::string invocation::dialect_list() {
  std::string names;
  for (auto d : all_dialects) names += fmt::format("{}{}", names.empty() ? "" : "|", to_string(d));
  return names;
}

MIGRATE_DECL events invocation::with_repair_capture(std::string& repaired) const {
  events sinks = options_.sinks;
  sinks.add([&repaired](const event& e) {
    if (e.kind == event_kind::repaired) repaired = e.message;
  });
  return sinks;
}

MIGRATE_DECL std::string invocation::repaired_line(const std::string& repaired) const {
  return repaired.empty() ? std::string() : output_.out_paint(tone::yellow, fmt::format("Repaired: {}.\n", repaired));
}

MIGRATE_DECL target invocation::checked_target() {
  const auto& args = line_.arguments;
  bool up = line_.what == command::upgrade;
  if (line_.what == command::stamp) {
    auto to = target::parse(args.front());
    if (to.what == target::kind::relative) throw usage_error("stamp takes a revision, head or base, not a step count");
    if (to.what == target::kind::revision) chain_.resolve(to.revision);
    return to;
  }
  if (args.empty()) return up ? target::head() : target::relative(-1);
  auto to = target::parse(args.front());
  if (to.what == target::kind::relative && (to.steps > 0) != up)
    throw usage_error(up ? fmt::format("upgrade takes +N, not {}", args.front())
                         : fmt::format("downgrade takes -N, not {}", args.front()));
  if (to.what == target::kind::revision) chain_.resolve(to.revision);
  return to;
}

MIGRATE_DECL target invocation::parse_offline_target(const std::string& text, std::string_view option) {
  auto at = target::parse(text);
  if (at.what == target::kind::relative)
    throw usage_error(fmt::format("{} takes a revision, head or base, not a step count", option));
  return at;
}

MIGRATE_DECL std::string invocation::label_of(const target& at) const {
  switch (at.what) {
    case target::kind::base: return "base";
    case target::kind::head:
      return chain_.head() ? std::string(chain_[*chain_.head()].revision) : std::string("base");
    case target::kind::revision: return std::string(chain_[chain_.resolve(at.revision)].revision);
    case target::kind::relative: break;
  }
  return to_string(at);
}

MIGRATE_DECL std::string_view invocation::trimmed(std::string_view sql) {
  auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!sql.empty() && space(sql.front())) sql.remove_prefix(1);
  while (!sql.empty() && space(sql.back())) sql.remove_suffix(1);
  return sql;
}

MIGRATE_DECL std::string invocation::revisions_text(const std::vector<std::string>& revisions) const {
  std::vector<std::string> parts;
  for (const auto& revision : revisions) {
    auto position = chain_.find(revision);
    std::string part = output_.out_paint(tone::bold, revision);
    if (position && chain_.head() == position) part += " " + output_.out_paint(tone::cyan, "(head)");
    part += position ? fmt::format(" {}", chain_[*position].description)
                     : " " + output_.out_paint(tone::red, "(unknown to this build)");
    parts.push_back(std::move(part));
  }
  return migrate::detail::join_text(parts, "; ");
}

MIGRATE_DECL std::string invocation::revisions_json(const std::vector<std::string>& revisions) const {
  json_array list;
  for (const auto& revision : revisions) {
    json_object item;
    item.add("revision", revision);
    if (auto position = chain_.find(revision))
      item.add("description", chain_[*position].description).add("known", true);
    else
      item.add_null("description").add("known", false);
    list.push(item);
  }
  return list.str();
}

MIGRATE_DECL std::string invocation::findings_json(const std::vector<finding>& findings) {
  json_array list;
  for (const auto& f : findings)
    list.push(json_object().add("code", to_string(f.code)).add("revision", f.revision).add("message", f.message));
  return list.str();
}

MIGRATE_DECL void invocation::on_run_event(const event& e, progress_display* progress) {
  auto show = [&](std::FILE* stream, const std::string& text) {
    auto write = [&] {
      fmt::print(stream, "{}", stream == output_.err ? output_.scrub(text) : output_.scrub.secrets_only(text));
      std::fflush(stream);
    };
    if (output_.json) return;
    if (progress)
      progress->print_above(write);
    else
      write();
  };
  switch (e.kind) {
    case event_kind::applied:
    case event_kind::downgraded: {
      bool up = e.kind == event_kind::applied;
      run_->steps.push_back({e.revision, e.description, up ? direction::up : direction::down, e.duration});
      const auto& paint = output_.out_paint;
      show(output_.out, fmt::format("  {}  {}  {} ({} ms)\n",
                                    paint(up ? tone::green : tone::yellow, up ? "applied " : "reverted"),
                                    paint(tone::bold, e.revision), e.description, e.duration.count()));
      break;
    }
    case event_kind::failed: {
      run_->failed_revision = e.revision;
      run_->failed_description = e.description;
      const auto& paint = output_.out_paint;
      show(output_.out, fmt::format("  {}  {}  {}\n", paint(tone::red, "FAILED  "), paint(tone::bold, e.revision),
                                    e.description));
      break;
    }
    case event_kind::lock_wait:
      show(output_.err, "Waiting for another migration run to finish...\n");
      break;
    default: break;
  }
}

MIGRATE_DECL void invocation::add_steps(const run_record& record) {
  json_array steps;
  for (const auto& s : record.steps)
    steps.push(json_object()
                   .add("revision", s.revision)
                   .add("description", s.description)
                   .add("direction", direction_name(s.way))
                   .add("duration_ms", static_cast<std::int64_t>(s.duration.count())));
  body_.add_raw("steps", steps.str());
  if (!record.failed_revision.empty())
    body_.add_raw("failed", json_object()
                                .add("revision", record.failed_revision)
                                .add("description", record.failed_description)
                                .str());
}

MIGRATE_DECL std::string invocation::hint_for(exit_code code, std::string_view error_code) const {
  const auto& name = spec_of(line_.what).name;
  switch (code) {
    case exit_code::usage:
      if (error_code == "confirmation_required" || error_code == "irreversible") return {};
      if (error_code == "invalid_target") return fmt::format("Run `{} history` for the revisions of this build.", program_);
      if (error_code == "bad_database_url")
        return fmt::format("Name the database with --database URL or DATABASE_URL; see `{} --help`.", program_);
      return line_.command_known ? fmt::format("Run `{} {} --help` for usage.", program_, name)
                                 : fmt::format("Run `{} --help` for usage.", program_);
    case exit_code::check_failed: return fmt::format("Run `{} verify` for every problem found.", program_);
    case exit_code::busy: return "Another migration run is in progress; try again when it has finished.";
    default: return {};
  }
}

MIGRATE_DECL int invocation::finish(exit_code code) {
  if (output_.json) {
    json_object envelope;
    if (line_.command_known)
      envelope.add("command", spec_of(line_.what).name);
    else
      envelope.add_null("command");
    envelope.add("ok", code == exit_code::ok).add("exit_code", static_cast<std::int64_t>(code)).merge(body_);
    fmt::print(output_.out, "{}\n", output_.scrub.secrets_only(envelope.str()));
    std::fflush(output_.out);
  }
  return static_cast<int>(code);
}

}  // namespace migrate::cli::detail
