// SPDX-License-Identifier: MIT
#pragma once
// One run of the CLI: the parsed command line, its output, and every command over a store. The bodies are in
// impl/invocation_commands.hpp (the commands over a store, templates) and impl/invocation.hpp (the rest, compiled
// once in <migrate/src.hpp> with MIGRATE_SEPARATE_COMPILATION).

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
#include <migrate/cli/detail/chain_tables.hpp>
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

// A chain bound to the session of Store.
template <class Store>
using steps_of = bound_chain<typename Store::session_type>;

class invocation {
 public:
  invocation(const chain_tables& tables, std::span<const std::string_view> args, const options& opts,
             std::string program);
  const command_line& line() const noexcept { return line_; }

  /// Handles what needs no store (help, usage errors, heads, sql) and checks targets; nothing when a store is needed.
  std::optional<int> run_without_store();

  /// The URL to open: `--database`, else `DATABASE_URL`, else the application's default, which is announced to the
  /// sinks as a `default_database` event. `opened_urls` (what this build opens) is added to a parse error.
  database_url database(std::string_view opened_urls = {}) const;

  /// For a store the application opened itself, where `--database` cannot apply.
  std::optional<int> refuse_database_option();

  /// Runs the command against `store`, with the chain bound to it.
  template <store Store>
  int run_with(Store& store, steps_of<Store> steps);

  /// Reports an exception; returns its exit code.
  int fail(std::exception_ptr failure);

 private:
  std::string database_text() const;

  // The scheme of the URL a store command would open, for offline SQL; none when it does not parse.
  std::optional<std::string> url_scheme() const;

  // --- commands without a store ---

  help_context make_help_context();
  int help();
  int version();
  int heads();
  int offline_sql();
  int offline_schema();
  static std::string dialect_list();

  // --- commands over a store ---

  template <class Store>
  int status(Store& store, steps_of<Store> steps);

  template <class Store>
  int current(Store& store, steps_of<Store> steps);

  template <class Store>
  int history(Store& store, steps_of<Store> steps);

  template <class Store>
  int pending(Store& store, steps_of<Store> steps);

  template <class Store>
  int run_migrations(Store& store, steps_of<Store> steps, direction way);

  template <class Store>
  int stamp(Store& store, steps_of<Store> steps);

  template <class Store>
  int reset(Store& store, steps_of<Store> steps);

  template <class Store>
  int adopt(Store& store, steps_of<Store> steps);

  template <class Store>
  int verify(Store& store, steps_of<Store> steps);

  // --- helpers ---

  run_options quiet() const { return run_options{false, options_.sinks}; }
  stamp_options repair_options() const { return {line_.forget_unknown, line_.accept_checksums}; }
  // The application's sinks, plus one keeping what stamp/reset repaired for the command's own output.
  events with_repair_capture(std::string& repaired) const;
  std::string repaired_line(const std::string& repaired) const;
  target checked_target();
  target parse_offline_target(const std::string& text, std::string_view option);
  std::string label_of(const target& at) const;


  static std::string_view trimmed(std::string_view sql);

  // "3f2a9c1b7d4e (head) add phone", or "(unknown to this build)" for revisions of a newer build.
  std::string revisions_text(const std::vector<std::string>& revisions) const;
  std::string revisions_json(const std::vector<std::string>& revisions) const;
  static std::string findings_json(const std::vector<finding>& findings);

  template <class Store>
  std::vector<expected_step> preview(Store& store, std::span<const migration_info> on_store_view, direction way,
                                     const target& to) const;
  void on_run_event(const event& e, progress_display* progress);
  void add_steps(const run_record& record);
  std::string hint_for(exit_code code, std::string_view error_code) const;
  int finish(exit_code code);
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

#include <migrate/cli/detail/impl/invocation_commands.hpp>
#if !defined(MIGRATE_SEPARATE_COMPILATION)
#include <migrate/cli/detail/impl/invocation.hpp>
#endif
