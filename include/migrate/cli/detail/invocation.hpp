// SPDX-License-Identifier: MIT
#pragma once
// One run of the CLI: the parsed command line, its output, and every command's body over a store.

#include <algorithm>
#include <exception>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <migrate/cli/command_line.hpp>
#include <migrate/cli/exit_code.hpp>
#include <migrate/cli/help.hpp>
#include <migrate/cli/offline_sql.hpp>
#include <migrate/cli/options.hpp>
#include <migrate/cli/progress.hpp>
#include <migrate/cli/detail/json.hpp>
#include <migrate/cli/detail/output.hpp>
#include <migrate/cli/detail/schema_commands.hpp>
#include <migrate/core/chain.hpp>
#include <migrate/core/database_url.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/migrator.hpp>
#include <migrate/core/plan.hpp>
#include <migrate/core/report.hpp>
#include <migrate/core/store.hpp>
#include <migrate/core/validation.hpp>
#include <migrate/core/detail/join.hpp>
#include <migrate/core/version.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli::detail {

/// A mistake on the command line, or a missing confirmation; exit code 2, nothing was run.
class usage_error : public std::runtime_error {
 public:
  explicit usage_error(const std::string& what, std::string code = "usage")
      : std::runtime_error(what), code_(std::move(code)) {}
  const std::string& code() const noexcept { return code_; }

 private:
  std::string code_;
};

inline std::string_view kind_name(migration_kind kind) { return kind == migration_kind::sql ? "sql" : "code"; }
inline std::string_view direction_name(direction way) { return way == direction::up ? "up" : "down"; }
inline std::string heads_text(const std::vector<std::string>& heads) {
  return heads.empty() ? std::string("base") : migrate::detail::join_text(heads, ", ");
}

// What a run did so far, collected from its events so that a failure can still report it.
struct run_record {
  std::vector<step_report> steps;
  std::string failed_revision;
  std::string failed_description;
};

// A registry as the CLI reads it: not a template on the registry, so the CLI's code is compiled once per store
// type, whatever the registry, and none of its symbols spells out the registry.
struct chain_tables {
  std::span<const migration_info> migrations{};  ///< chain order, portable texts
  dialect_views views{};                         ///< the same chain with each dialect's texts
  schema::chain_schema schema{};
};

/// `Registry` as `chain_tables`.
template <class Registry>
chain_tables tables_of() {
  chain_tables tables{Registry::migrations(), {}, schema::schema_of<Registry>()};
  for (auto d : all_dialects) tables.views[static_cast<std::size_t>(d)] = Registry::migrations_for(d);
  return tables;
}

// A chain bound to the session of Store.
template <class Store>
using steps_of = bound_chain<typename Store::session_type>;

class invocation {
 public:
  invocation(const chain_tables& tables, std::span<const std::string_view> args, const options& opts,
             std::string program)
      : options_(opts),
        program_(std::move(program)),
        line_(parse_command_line(args)),
        output_(output::decide(line_, opts)),
        tables_(tables),
        chain_(tables.migrations) {
    // From the start, so that no message at all can show the URL's secrets.
    output_.scrub = secret_scrubber(database_text());
  }

  const command_line& line() const noexcept { return line_; }

  /// Handles what needs no store (help, usage errors, heads, sql) and checks targets; nothing when a store is needed.
  std::optional<int> run_without_store() {
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

  /// The URL to open: `--database`, else `DATABASE_URL`, else the application's default, which is announced to the
  /// sinks as a `default_database` event. `opened_urls` (what this build opens) is added to a parse error.
  database_url database(std::string_view opened_urls = {}) const {
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

  /// For a store the application opened itself, where `--database` cannot apply.
  std::optional<int> refuse_database_option() {
    if (!line_.database) return std::nullopt;
    return fail(std::make_exception_ptr(
        usage_error("this application opens its database itself; --database cannot choose another")));
  }

  /// Runs the command against `store`, with the chain bound to it.
  template <store Store>
  int run_with(Store& store, steps_of<Store> steps) {
    try {
      body_.add("store", store.describe());
      switch (line_.what) {
        case command::status: return status(store, steps);
        case command::current: return current(store, steps);
        case command::history: return history(store, steps);
        case command::pending: return pending(store, steps);
        case command::upgrade: return run_migrations(store, steps, direction::up);
        case command::downgrade: return run_migrations(store, steps, direction::down);
        case command::stamp: return stamp(store, steps);
        case command::reset: return reset(store, steps);
        case command::verify: return verify(store, steps);
        case command::adopt: return adopt(store, steps);
        default: break;
      }
      return finish(exit_code::ok);
    } catch (...) {
      return fail(std::current_exception());
    }
  }

  /// Reports an exception; returns its exit code.
  int fail(std::exception_ptr failure) {
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

 private:
  std::string database_text() const {
    std::optional<std::string> text = line_.database;
    if (!text && options_.environment) text = options_.environment("DATABASE_URL");
    // Only an unset DATABASE_URL means the default: a set but empty one is an error, never a new SQLite file.
    if (!text) text = options_.default_database_url;
    return *text;
  }

  // The scheme of the URL a store command would open, for offline SQL; none when it does not parse.
  std::optional<std::string> url_scheme() const {
    try {
      return database_url::parse(database_text()).scheme;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }

  // --- commands without a store ---

  help_context make_help_context() {
    head_text_ = chain_.head() ? std::string(chain_[*chain_.head()].revision) : std::string();
    default_url_text_ = migrate::redact_url(options_.default_database_url);
    return help_context{program_, default_url_text_, chain_.size(), head_text_};
  }

  int help() {
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

  int version() {
    body_.add("version", MIGRATE_VERSION_STRING).add_count("migrations", chain_.size());
    output_.text(fmt::format("{} (migrate {}, {} migration(s), head {})\n", program_, MIGRATE_VERSION_STRING,
                             chain_.size(),
                             chain_.head() ? std::string(chain_[*chain_.head()].revision) : std::string("none")));
    return finish(exit_code::ok);
  }

  int heads() {
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

  int offline_sql() {
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

  int offline_schema() {
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
  static std::string dialect_list() {
    std::string names;
    for (auto d : all_dialects) names += fmt::format("{}{}", names.empty() ? "" : "|", to_string(d));
    return names;
  }

  // --- commands over a store ---

  template <class Store>
  int status(Store& store, steps_of<Store> steps) {
    basic_migrator<Store> m(store, steps, quiet());
    auto s = m.status();
    body_.add_raw("current", revisions_json(s.current))
        .add("head", s.head)
        .add_count("applied", s.applied)
        .add_count("pending", s.pending)
        .add("dirty", s.dirty)
        .add("up_to_date", s.up_to_date())
        .add_raw("findings", findings_json(s.findings));
    const auto& paint = output_.out_paint;
    std::string text = fmt::format("Store:    {}\n", store.describe());
    text += fmt::format("Current:  {}\n", s.current.empty() ? std::string("base (nothing applied)")
                                                            : revisions_text(s.current));
    text += fmt::format("Head:     {}\n", s.head.empty() ? std::string("(no migrations)") : revisions_text({s.head}));
    text += fmt::format("Applied:  {} of {}\n", s.applied, chain_.size());
    text += fmt::format("Pending:  {}\n", s.pending == 0 ? (s.up_to_date() ? paint(tone::green, "0 (up to date)") : "0")
                                                          : paint(tone::yellow, fmt::format("{} (run `{} upgrade`)",
                                                                                            s.pending, program_)));
    std::string dirty = "no";
    for (const auto& f : s.findings)
      if (f.code == errc::dirty_state) dirty = paint(tone::red, fmt::format("yes: {} was interrupted", f.revision));
    text += fmt::format("Dirty:    {}\n", dirty);
    if (!s.findings.empty())
      text += fmt::format("Problems: {} (run `{} verify`)\n",
                          paint(tone::red, std::to_string(s.findings.size())), program_);
    output_.text(text);
    // "Up to date" must never be the answer while the store holds what this build cannot vouch for.
    return finish(s.findings.empty() ? exit_code::ok : exit_code::check_failed);
  }

  template <class Store>
  int current(Store& store, steps_of<Store> steps) {
    basic_migrator<Store> m(store, steps, quiet());
    auto s = m.status();
    body_.add_raw("current", revisions_json(s.current)).add("dirty", s.dirty);
    std::string text;
    if (s.current.empty()) text = "base (nothing applied)\n";
    for (const auto& revision : s.current) text += revisions_text({revision}) + "\n";
    for (const auto& f : s.findings)
      if (f.code == errc::dirty_state)
        text += output_.out_paint(tone::red, fmt::format("dirty: {} was interrupted; run `{} verify`\n", f.revision,
                                                         program_));
    output_.text(text);
    return finish(exit_code::ok);
  }

  template <class Store>
  int history(Store& store, steps_of<Store> steps) {
    basic_migrator<Store> m(store, steps, quiet());
    auto entries = m.history();
    const auto& paint = output_.out_paint;
    json_array list;
    std::string text;
    // Rows this build does not know came from a newer build; they are the newest.
    for (const auto& row : store.load_state()) {
      if (chain_.find(row.revision)) continue;
      list.push(json_object()
                    .add("revision", row.revision)
                    .add("description", row.description)
                    .add("state", "unknown")
                    .add("applied_at", row.applied_at));
      text += fmt::format("{}  ?     {}  {} {}\n", paint(tone::bold, row.revision), paint(tone::red, "unknown"),
                          row.description, paint(tone::dim, "(not in this build)"));
    }
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
      const auto& e = *it;
      const auto& mi = *e.migration;
      std::string state = !e.record                                  ? "pending"
                          : e.record->in_progress                    ? "dirty"
                          : e.record->recorded_by == "stamp"         ? "stamped"
                          : e.record->recorded_by.starts_with("adopt:") ? "adopted"
                                                                       : "applied";
      bool drifted = e.record && !e.record->checksum.empty() && e.record->checksum != mi.checksum;
      std::vector<std::string> parents(mi.down_revisions.begin(), mi.down_revisions.end());
      json_object entry;
      entry.add("revision", mi.revision)
          .add("description", mi.description)
          .add("kind", kind_name(mi.kind))
          .add_strings("revises", parents)
          .add("created", mi.created)
          .add("checksum", mi.checksum)
          .add("reversible", mi.reversible)
          .add("in_transaction", mi.in_transaction)
          .add("state", state)
          .add("is_head", e.is_head)
          .add("is_current", e.is_current);
      if (e.record) {
        entry.add("recorded_by", e.record->recorded_by.empty() ? std::string("upgrade") : e.record->recorded_by)
            .add("applied_at", e.record->applied_at)
            .add("execution_ms", e.record->execution_ms)
            .add("recorded_checksum", e.record->checksum);
      }
      list.push(entry);

      auto tone_of = state == "pending" ? tone::yellow : state == "dirty" ? tone::red : tone::green;
      std::string marks;
      if (e.is_head) marks += " " + paint(tone::cyan, "(head)");
      if (e.is_current) marks += " " + paint(tone::cyan, "(current)");
      if (drifted) marks += " " + paint(tone::red, "(checksum drift)");
      if (!line_.verbose) {
        text += fmt::format("{}  {:<4}  {}  {}{}\n", paint(tone::bold, mi.revision), kind_name(mi.kind),
                            paint(tone_of, fmt::format("{:<7}", state)), mi.description, marks);
        continue;
      }
      text += fmt::format("Revision:    {}{}\n", paint(tone::bold, mi.revision), marks);
      text += fmt::format("Revises:     {}\n", parents.empty() ? std::string("(root)") : heads_text(parents));
      std::string kind = mi.kind == migration_kind::sql ? fmt::format("sql, checksum {}", mi.checksum)
                                                        : std::string("code (C++)");
      if (!mi.reversible) kind += ", irreversible";
      if (!mi.in_transaction) kind += ", outside a transaction";
      text += fmt::format("Kind:        {}\n", kind);
      if (!mi.created.empty()) text += fmt::format("Created:     {}\n", mi.created);
      std::string applied = paint(tone_of, state);
      if (e.record) applied += fmt::format(" {} ({} ms{})", e.record->applied_at, e.record->execution_ms,
                                           e.record->recorded_by.starts_with("adopt:")
                                               ? fmt::format(", from {}", e.record->recorded_by.substr(6))
                                               : std::string());
      if (drifted) applied += fmt::format(", recorded checksum {}", e.record->checksum);
      text += fmt::format("State:       {}\n", applied);
      text += fmt::format("Description: {}\n\n", mi.description);
    }
    if (chain_.size() == 0) text += "No migrations in this build.\n";
    body_.add_raw("migrations", list.str());
    output_.text(text);
    return finish(exit_code::ok);
  }

  template <class Store>
  int pending(Store& store, steps_of<Store> steps) {
    basic_migrator<Store> m(store, steps, quiet());
    json_array list;
    std::string rows;
    std::size_t count = 0;
    for (const auto& e : m.history()) {
      if (e.record && !e.record->in_progress) continue;
      const auto& mi = *e.migration;
      ++count;
      list.push(json_object()
                    .add("revision", mi.revision)
                    .add("description", mi.description)
                    .add("kind", kind_name(mi.kind)));
      rows += fmt::format("  {}  {:<4}  {}\n", output_.out_paint(tone::bold, mi.revision), kind_name(mi.kind),
                          mi.description);
    }
    body_.add_raw("pending", list.str());
    if (count == 0)
      output_.text(chain_.size() == 0 ? std::string("Nothing pending: no migrations in this build.\n")
                                      : fmt::format("Nothing pending: at head {}.\n", chain_[*chain_.head()].revision));
    else
      output_.text(fmt::format("{} pending migration(s), in the order `{} upgrade` applies them:\n{}", count,
                               program_, rows));
    return finish(exit_code::ok);
  }

  template <class Store>
  int run_migrations(Store& store, steps_of<Store> steps, direction way) {
    const target& to = *target_;
    bool up = way == direction::up;
    body_.add("target", to_string(to));
    if (!up && to.what == target::kind::base && !line_.yes) {
      auto recorded = store.load_state().size();
      throw usage_error(fmt::format("`downgrade base` reverts all {} recorded migration(s) of {}, undoing the whole "
                                    "schema; run it again with --yes to confirm",
                                    recorded, store.describe()),
                        "confirmation_required");
    }
    std::optional<progress_display> progress;
    if (output_.progress) {
      auto plan = preview(store, steps.migrations, way, to);
      if (plan.size() >= 2) progress.emplace(output_.err, std::move(plan), output_.err_paint.enabled());
    }
    run_.emplace();
    events sinks = options_.sinks;
    if (progress) sinks.add(progress->sink());
    sinks.add([this, &progress](const event& e) { on_run_event(e, progress ? &*progress : nullptr); });
    basic_migrator<Store> m(store, steps, run_options{line_.single_transaction || options_.single_transaction, sinks});
    auto report = up ? m.upgrade(to) : m.downgrade(to);
    add_steps(*run_);
    run_.reset();
    body_.add_strings("from", report.from)
        .add_strings("to", report.to)
        .add("duration_ms", static_cast<std::int64_t>(report.duration.count()));
    if (report.steps.empty())
      output_.text(fmt::format("Nothing to do: already at {}.\n", heads_text(report.to)));
    else
      output_.text(fmt::format("{} from {} to {}: {} migration(s) {} in {} ms.\n", up ? "Upgraded" : "Downgraded",
                               heads_text(report.from), output_.out_paint(tone::bold, heads_text(report.to)),
                               report.steps.size(), up ? "applied" : "reverted", report.duration.count()));
    return finish(exit_code::ok);
  }

  template <class Store>
  int stamp(Store& store, steps_of<Store> steps) {
    std::string repaired;
    basic_migrator<Store> m(store, steps, run_options{false, with_repair_capture(repaired)});
    auto report = m.stamp(*target_, repair_options());
    body_.add_strings("from", report.from).add_strings("to", report.to).add("repaired", repaired);
    output_.text(fmt::format("Stamped {} at {} (was {}); no migration was run.\n{}", store.describe(),
                             output_.out_paint(tone::bold, heads_text(report.to)), heads_text(report.from),
                             repaired_line(repaired)));
    return finish(exit_code::ok);
  }

  template <class Store>
  int reset(Store& store, steps_of<Store> steps) {
    auto recorded = store.load_state().size();
    if (!line_.yes)
      throw usage_error(fmt::format("`reset` forgets all {} recorded migration(s) of {} without running anything "
                                    "(the schema stays as it is); run it again with --yes to confirm",
                                    recorded, store.describe()),
                        "confirmation_required");
    std::string repaired;
    basic_migrator<Store> m(store, steps, run_options{false, with_repair_capture(repaired)});
    auto report = m.reset(repair_options());
    body_.add_strings("from", report.from).add_count("forgotten", recorded).add("repaired", repaired);
    output_.text(fmt::format("Reset {}: forgot {} recorded migration(s) (was at {}); no migration was run and the "
                             "schema is unchanged.\n{}",
                             store.describe(), recorded, heads_text(report.from), repaired_line(repaired)));
    return finish(exit_code::ok);
  }

  template <class Store>
  int adopt(Store& store, steps_of<Store> steps) {
    adopt_options opts;
    for (const auto& pair : line_.maps) {
      auto eq = pair.find('=');
      opts.mapping.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
    }
    opts.drop_foreign = line_.drop_foreign;
    std::string adopted;
    events sinks = options_.sinks;
    sinks.add([&adopted](const event& e) {
      if (e.kind == event_kind::adopted) adopted = e.message;
    });
    basic_migrator<Store> m(store, steps, run_options{false, sinks});
    auto report = m.adopt(opts);
    body_.add_strings("to", report.to).add("adopted", adopted);
    output_.text(fmt::format("Adopted {}: {}.\n", store.describe(), adopted));
    return finish(exit_code::ok);
  }

  template <class Store>
  int verify(Store& store, steps_of<Store> steps) {
    basic_migrator<Store> m(store, steps, quiet());
    auto s = m.status();
    struct problem {
      std::string code, revision, message;
    };
    std::vector<problem> problems;
    for (const auto& f : s.findings) problems.push_back({to_string(f.code), f.revision, f.message});
    if (line_.up_to_date && s.pending > 0)
      problems.push_back({"pending", s.head, fmt::format("{} migration(s) pending; run `{} upgrade`", s.pending,
                                                         program_)});
    json_array list;
    std::string text;
    for (const auto& p : problems) {
      list.push(json_object().add("code", p.code).add("revision", p.revision).add("message", p.message));
      text += fmt::format("  {}  {}  {}\n", output_.out_paint(tone::red, fmt::format("{:<17}", p.code)), p.revision,
                          p.message);
    }
    body_.add_raw("findings", list.str()).add_count("pending", s.pending).add_raw("current", revisions_json(s.current));
    std::string drift;
    bool drifted = false;
    if (line_.schema) {
      if constexpr (schema::catalog_store<Store>) {
        auto check = verify_schema(store, steps, tables_.schema);
        body_.add_raw("schema", drift_json(check));
        drift = drift_text(check, heads_text(check.at), output_.out_paint);
        drifted = !check.clean();
      } else {
        throw usage_error(fmt::format("--schema compares a SQL database's catalog; {} has none", store.describe()));
      }
    }
    if (problems.empty()) {
      output_.text(fmt::format("{} {} agrees with this build (at {}, {} pending).\n{}",
                               output_.out_paint(tone::green, "OK:"), store.describe(), heads_text(s.current),
                               s.pending, drift));
      return finish(drifted ? exit_code::check_failed : exit_code::ok);
    }
    output_.text(fmt::format("{} problem(s) in {}:\n{}{}", problems.size(), store.describe(), text, drift));
    return finish(exit_code::check_failed);
  }

  // --- helpers ---

  run_options quiet() const { return run_options{false, options_.sinks}; }
  stamp_options repair_options() const { return {line_.forget_unknown, line_.accept_checksums}; }
  // The application's sinks, plus one keeping what stamp/reset repaired for the command's own output.
  events with_repair_capture(std::string& repaired) const {
    events sinks = options_.sinks;
    sinks.add([&repaired](const event& e) {
      if (e.kind == event_kind::repaired) repaired = e.message;
    });
    return sinks;
  }
  std::string repaired_line(const std::string& repaired) const {
    return repaired.empty() ? std::string() : output_.out_paint(tone::yellow, fmt::format("Repaired: {}.\n", repaired));
  }

  target checked_target() {
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

  target parse_offline_target(const std::string& text, std::string_view option) {
    auto at = target::parse(text);
    if (at.what == target::kind::relative)
      throw usage_error(fmt::format("{} takes a revision, head or base, not a step count", option));
    return at;
  }

  std::string label_of(const target& at) const {
    switch (at.what) {
      case target::kind::base: return "base";
      case target::kind::head:
        return chain_.head() ? std::string(chain_[*chain_.head()].revision) : std::string("base");
      case target::kind::revision: return std::string(chain_[chain_.resolve(at.revision)].revision);
      case target::kind::relative: break;
    }
    return to_string(at);
  }


  static std::string_view trimmed(std::string_view sql) {
    auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
    while (!sql.empty() && space(sql.front())) sql.remove_prefix(1);
    while (!sql.empty() && space(sql.back())) sql.remove_suffix(1);
    return sql;
  }

  // "3f2a9c1b7d4e (head) add phone", or "(unknown to this build)" for revisions of a newer build.
  std::string revisions_text(const std::vector<std::string>& revisions) const {
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

  std::string revisions_json(const std::vector<std::string>& revisions) const {
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

  static std::string findings_json(const std::vector<finding>& findings) {
    json_array list;
    for (const auto& f : findings)
      list.push(json_object().add("code", to_string(f.code)).add("revision", f.revision).add("message", f.message));
    return list.str();
  }

  template <class Store>
  std::vector<expected_step> preview(Store& store, std::span<const migration_info> on_store_view, direction way,
                                     const target& to) const {
    // Only to name the migration in progress; the run itself plans again under the lock.
    try {
      chain on_store(on_store_view);  // that store's checksums
      auto applied = validate_state(on_store, store.load_state());
      auto steps = way == direction::up ? plan_upgrade(chain_, applied, to) : plan_downgrade(chain_, applied, to);
      std::vector<expected_step> plan;
      for (const auto& s : steps)
        plan.push_back({std::string(chain_[s.position].revision), std::string(chain_[s.position].description), s.way});
      return plan;
    } catch (const std::exception&) {
      return {};
    }
  }

  void on_run_event(const event& e, progress_display* progress) {
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

  void add_steps(const run_record& record) {
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

  std::string hint_for(exit_code code, std::string_view error_code) const {
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

  int finish(exit_code code) {
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

  const options& options_;
  std::string program_;
  command_line line_;
  output output_;
  chain_tables tables_;
  chain chain_;
  std::optional<target> target_;
  std::optional<run_record> run_;
  json_object body_;
  std::string head_text_;
  std::string default_url_text_;
};

}  // namespace migrate::cli::detail
