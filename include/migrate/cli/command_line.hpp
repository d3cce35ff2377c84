// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// The commands the CLI knows, and parsing an argument list into one of them.

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/core/dialect.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::cli {

/// A CLI command.
enum class command { help, status, current, history, heads, pending, upgrade, downgrade, stamp, reset, verify, adopt, sql, schema };

/// Options beyond the global ones (`--database`, `--json`, `--color`, `--help`), as bits.
enum option_flag : unsigned {
  no_flags = 0,
  flag_verbose = 1u << 0,
  flag_yes = 1u << 1,
  flag_from = 1u << 2,
  flag_to = 1u << 3,
  flag_up_to_date = 1u << 4,
  flag_single_transaction = 1u << 5,
  flag_forget_unknown = 1u << 6,
  flag_accept_checksums = 1u << 7,
  flag_map = 1u << 8,
  flag_drop_foreign = 1u << 9,
  flag_dialect = 1u << 10,
  flag_schema = 1u << 11,
};

/// What the CLI knows about one command: its name, arguments, options and help.
struct command_spec {
  command id;
  std::string_view name;
  std::string_view arguments;   ///< as shown in the usage line
  std::size_t max_arguments;
  std::size_t min_arguments;
  unsigned flags;               ///< `option_flag` bits it accepts
  bool needs_store;
  std::string_view summary;     ///< one line for the command list
  std::string_view details;     ///< paragraphs for `COMMAND --help`
};

/// Every command, in the order `--help` lists them.
inline constexpr std::array<command_spec, 14> command_specs{{
    {command::status, "status", "", 0, 0, no_flags, true,
     "where the database stands: current revision, pending count, dirty flag",
     "Shows the store, its current revision(s), this build's head, how many migrations are applied and\n"
     "pending, whether a migration was interrupted (dirty), and any problem `verify` would report.\n"
     "Reads only; exits 0 even when migrations are pending (use `verify --up-to-date` to gate on that)."},
    {command::current, "current", "", 0, 0, no_flags, true, "the revision(s) the database is at",
     "Prints the applied head revision(s), or `base` when nothing is applied. Reads only."},
    {command::history, "history", "[--verbose]", 0, 0, flag_verbose, true,
     "every migration, newest first, with its state",
     "Lists every migration compiled into this build, newest first, marking which are applied,\n"
     "pending or dirty, the head and the current revision. --verbose adds parents, kind, checksum,\n"
     "creation and application times. Reads only."},
    {command::heads, "heads", "", 0, 0, no_flags, false, "the head revision of this build",
     "Prints the head of the compiled chain: the revision `upgrade` goes to. Does not open the database."},
    {command::pending, "pending", "", 0, 0, no_flags, true, "the migrations an upgrade would apply",
     "Lists the migrations `upgrade` would apply, in the order it would apply them. Reads only."},
    {command::upgrade, "upgrade", "[head|REV|+N]", 1, 0, flag_single_transaction, true,
     "apply migrations up to head (default), a revision or +N",
     "Applies pending migrations: up to the head (default), up to revision REV (a unique prefix\n"
     "is enough) or the next N (+N). Each migration runs in its own transaction unless it says\n"
     "otherwise; --single-transaction wraps the whole run in one, so a failure undoes every step.\n"
     "Takes the migration lock; refuses to run when `verify` would report a problem."},
    {command::downgrade, "downgrade", "[-N|REV|base]", 1, 0, flag_yes | flag_single_transaction, true,
     "revert migrations: one step (default), -N, down to a revision, or base",
     "Reverts applied migrations: the last one (default), the last N (-N), everything after\n"
     "revision REV, or everything (base). `downgrade base` reverts the whole schema and so asks\n"
     "for --yes. Refuses to pass an irreversible migration; nothing is run then."},
    {command::stamp, "stamp", "REV|head|base", 1, 1, flag_forget_unknown | flag_accept_checksums, true,
     "record the database as at a revision without running anything",
     "Sets the recorded state to REV and its ancestors (or head, or base) without running any\n"
     "migration: for databases created outside migrate, or to recover after `verify` reports a\n"
     "dirty state once you have checked what the interrupted migration left behind. Refuses\n"
     "(exit 3, nothing changed) to forget revisions this build does not know, or to overwrite\n"
     "drifted checksums, unless --forget-unknown / --accept-checksums say so (a `repaired` event)."},
    {command::reset, "reset", "--yes", 0, 0, flag_yes | flag_forget_unknown, true,
     "forget every recorded migration without running anything",
     "Forgets the recorded state (the schema itself is left as it is), as if no migration had\n"
     "ever run. Asks for --yes; without it nothing changes and the exit code is 2. Refuses to\n"
     "forget revisions this build does not know unless --forget-unknown says so."},
    {command::verify, "verify", "[--up-to-date] [--schema]", 0, 0, flag_up_to_date | flag_schema, true,
     "check the database against this build; exit 3 on any problem",
     "Compares the recorded state with the compiled chain: revisions this build does not know,\n"
     "SQL edited after it was applied (checksum drift), interrupted migrations (dirty) and gaps.\n"
     "Exits 3 on any finding; with --up-to-date, also when migrations are pending. For CI and\n"
     "deploy gates. Reads only.\n"
     "--schema also compares the live tables, columns (type family, nullability), indexes and\n"
     "foreign keys with the schema the typed migrations build at the recorded revision, and\n"
     "lists every difference (schema drift, exit 3)."},
    {command::adopt, "adopt", "[--map FOREIGN=OURS]... [--drop-foreign]", 0, 0, flag_map | flag_drop_foreign, true,
     "take over a database Alembic, golang-migrate, a Go runner or Flyway manages",
     "Reads the other tool's state (alembic_version, schema_migrations, flyway_schema_history) and\n"
     "records its revision(s) and every ancestor as applied, marked `adopted`, with the tool's own\n"
     "times where it kept them. Runs no migration. Revision ids must match this build's (import\n"
     "the project with `migrate-new import`), or be mapped with --map FOREIGN=OURS (repeatable).\n"
     "Refuses, changing nothing (exit 3), when the database already has migrate state, the other\n"
     "tool marks it dirty or failed, or a revision is unknown to this build. The other tool's\n"
     "table is left as it was unless --drop-foreign."},
    {command::sql, "sql", "[--from REV] [--to REV] [--dialect NAME]", 0, 0, flag_from | flag_to | flag_dialect, false,
     "print the SQL an upgrade or downgrade would run, offline",
     "Offline mode: prints the SQL that going from --from (default base) to --to (default head)\n"
     "would run, without opening the database. When --to is an ancestor of --from the script is\n"
     "a downgrade. C++ code migrations cannot be shown and are listed as comments. The script\n"
     "does not record the new state: after running it by hand, record it with `stamp`.\n"
     "Migrations may give SQL per dialect: the script is for --dialect (sqlite or postgresql),\n"
     "else for the dialect of the database URL (--database, DATABASE_URL or the default)."},
    {command::schema, "schema", "[--to REV] [--dialect NAME]", 0, 0, flag_to | flag_dialect, false,
     "print the schema the typed migrations build, as SQL DDL, offline",
     "Offline mode: prints the schema the typed migrations build at the head (or at --to REV) as\n"
     "CREATE TABLE and CREATE INDEX statements in --dialect (sqlite or postgresql; default: the\n"
     "database URL's), from the model compiled into this build, without opening the database.\n"
     "Tables raw SQL or C++ migrations may have changed are marked with a comment."},
    {command::help, "help", "[COMMAND]", 1, 0, no_flags, false, "this text, or a command's", ""},
}};

/// The spec of `id`.
constexpr const command_spec& spec_of(command id) noexcept {
  for (const auto& spec : command_specs)
    if (spec.id == id) return spec;
  return command_specs.back();
}

/// The spec of a command name; none when unknown.
constexpr const command_spec* find_command(std::string_view name) noexcept {
  for (const auto& spec : command_specs)
    if (spec.name == name) return &spec;
  return nullptr;
}

/// Colour as asked for with `--color`.
enum class colour_choice { automatic, always, never };

/// One parsed command line.
struct command_line {
  command what = command::help;
  bool command_given = false;
  bool command_known = false;           ///< the command word named a command (other mistakes may remain)
  std::vector<std::string> arguments;   ///< positional arguments after the command
  std::optional<std::string> database;  ///< --database
  std::optional<std::string> from;      ///< --from (sql)
  std::optional<std::string> to;        ///< --to (sql)
  std::optional<migrate::dialect> sql_dialect;  ///< --dialect (sql)
  colour_choice colour = colour_choice::automatic;
  bool json = false;
  bool help = false;
  bool version = false;                 ///< --version
  bool verbose = false;
  bool yes = false;
  bool up_to_date = false;
  bool schema = false;                  ///< verify --schema
  bool single_transaction = false;
  bool forget_unknown = false;
  bool accept_checksums = false;
  bool drop_foreign = false;
  std::vector<std::string> maps;        ///< --map FOREIGN=OURS (adopt), in order
  std::string problem;                  ///< the first usage error; empty when the line is well-formed
};

/// Parses `args` (without the program name); usage errors land in `command_line::problem`.
command_line parse_command_line(std::span<const std::string_view> args);

}  // namespace migrate::cli

#include <migrate/cli/impl/command_line.hpp>
