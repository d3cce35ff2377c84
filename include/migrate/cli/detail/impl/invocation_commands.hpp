// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// The CLI's commands over a store (templates on the store type; <migrate/cli/detail/invocation.hpp> includes this at
// its end). With MIGRATE_SEPARATE_COMPILATION, <migrate/src.hpp> instantiates them for the stores the program links,
// and the other translation units only call them.
#include <migrate/cli/detail/invocation.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli::detail {

template <store Store>
int invocation::run_with(Store& store, steps_of<Store> steps) {
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

template <class Store>
int invocation::status(Store& store, steps_of<Store> steps) {
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
int invocation::current(Store& store, steps_of<Store> steps) {
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
int invocation::history(Store& store, steps_of<Store> steps) {
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
int invocation::pending(Store& store, steps_of<Store> steps) {
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
int invocation::run_migrations(Store& store, steps_of<Store> steps, direction way) {
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
int invocation::stamp(Store& store, steps_of<Store> steps) {
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
int invocation::reset(Store& store, steps_of<Store> steps) {
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
int invocation::adopt(Store& store, steps_of<Store> steps) {
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
int invocation::verify(Store& store, steps_of<Store> steps) {
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

template <class Store>
std::vector<expected_step> invocation::preview(Store& store, std::span<const migration_info> on_store_view,
                                              direction way, const target& to) const {
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

}  // namespace migrate::cli::detail
