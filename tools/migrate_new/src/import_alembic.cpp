// `migrate-new import alembic`: headers from the revision files, SQL from Alembic's own offline mode.
#include <migrate_new/import.hpp>

#include <migrate_new/error.hpp>
#include <migrate_new/generator.hpp>

#include <fmt/format.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>

namespace migrate_new {
namespace {

/// `text` quoted for /bin/sh.
std::string shell_quote(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

/// A scratch directory removed with its content.
struct scratch {
  std::filesystem::path path;
  scratch() {
    path = std::filesystem::temp_directory_path() / fmt::format("migrate-new-alembic-{}", random_revision_id());
    std::filesystem::create_directories(path);
  }
  ~scratch() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  scratch(const scratch&) = delete;
  scratch& operator=(const scratch&) = delete;
};

struct command_output {
  int status = -1;
  std::string out;
};

command_output run_command(const std::string& command) {
  command_output result;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> pipe(popen(command.c_str(), "r"), [](std::FILE*) { return 0; });
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) result.out.append(buffer.data(), n);
  const int status = pclose(pipe.release());
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::filesystem::path default_python() {
  // Debian's python3-alembic lives in the system Python; a pyenv `python3` first on PATH lacks it.
  return std::filesystem::exists("/usr/bin/python3") ? std::filesystem::path("/usr/bin/python3") : "python3";
}

/// The project's alembic.ini: `--config`, else next to or up to two levels above the versions directory.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& versions, const alembic_options& options) {
  if (options.config) {
    if (!std::filesystem::is_regular_file(*options.config))
      throw error(fmt::format("{}: no such file (--config)", options.config->string()));
    return std::filesystem::absolute(*options.config);
  }
  std::filesystem::path at = std::filesystem::absolute(versions);
  for (int up = 0; up < 3 && !at.empty(); ++up, at = at.parent_path())
    if (std::filesystem::is_regular_file(at / "alembic.ini")) return at / "alembic.ini";
  return std::nullopt;
}

/// `%` doubled: alembic.ini values go through configparser's interpolation.
std::string ini_value(const std::filesystem::path& path) {
  std::string value;
  for (char c : path.string()) value += c == '%' ? std::string("%%") : std::string(1, c);
  return value;
}

}  // namespace

import_result import_alembic(const std::filesystem::path& versions, const std::filesystem::path& directory,
                             const alembic_options& options, const std::optional<std::string>& namespace_name) {
  std::vector<foreign_revision> revisions = read_python_revisions(versions);
  check_imported_chain(revisions, directory);  // before spending time in Alembic
  const std::optional<std::filesystem::path> config = find_config(versions, options);
  const std::filesystem::path python = options.python.value_or(default_python());
  const bool have_alembic =
      !options.skeletons && run_command(fmt::format("{} -c 'import alembic' >/dev/null 2>&1", shell_quote(python.string()))).status == 0;
  if (!have_alembic) {
    if (options.python && !options.skeletons)
      throw error(fmt::format("{} cannot import alembic; install it there (Debian: python3-alembic), or pass --skeletons",
                              python.string()));
    import_result result = write_imported(std::move(revisions), directory, store_kind::sqlite, "Alembic", namespace_name);
    result.note = options.skeletons
                      ? "wrote code-migration skeletons (--skeletons); each fails to build until ported"
                      : fmt::format("{} has no alembic module, so the SQL was not rendered: wrote code-migration skeletons "
                                    "that fail to build until ported (install python3-alembic, or pass --python, and "
                                    "import again for SQL)",
                                    python.string());
    return result;
  }

  // The project's env.py usually connects to a database (as tests/adopt/alembic_project's does), so Alembic runs
  // with a minimal offline env.py over the project's versions instead: offline mode renders SQL without connecting.
  const std::filesystem::path project = config ? config->parent_path() : std::filesystem::absolute(versions).parent_path();
  scratch work;
  {
    std::ofstream ini(work.path / "alembic.ini", std::ios::binary);
    ini << "[alembic]\nscript_location = " << ini_value(work.path) << "\nversion_path_separator = os\nversion_locations = "
        << ini_value(std::filesystem::absolute(versions)) << "\nprepend_sys_path = " << ini_value(project) << "\n";
    std::ofstream env(work.path / "env.py", std::ios::binary);
    env << "from alembic import context\n"
           "context.configure(url=context.get_x_argument(as_dictionary=True)['url'], literal_binds=True,\n"
           "                  dialect_opts={'paramstyle': 'named'})\n"
           "with context.begin_transaction():\n"
           "    context.run_migrations()\n";
  }
  /// Alembic's offline SQL for one step, or nullopt with `why` set when Alembic cannot render it.
  auto render = [&](const foreign_revision& r, std::string_view url, bool upgrade, std::string& why) -> std::optional<std::string> {
    const std::string parent = r.parents.empty() ? std::string() : r.parents.front();
    const std::string range = upgrade ? (parent.empty() ? r.id : parent + ":" + r.id)
                                      : r.id + ":" + (parent.empty() ? std::string("base") : parent);
    const std::filesystem::path errors = work.path / "stderr.txt";
    const command_output output = run_command(fmt::format(
        "cd {} && {} -m alembic -c {} -x url={} {} {} --sql 2>{}", shell_quote(project.string()),
        shell_quote(python.string()), shell_quote((work.path / "alembic.ini").string()), url,
        upgrade ? "upgrade" : "downgrade", shell_quote(range), shell_quote(errors.string())));
    if (output.status == 0) return strip_alembic_bookkeeping(output.out);
    std::string message = read_text(errors);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    const std::size_t last_line = message.rfind('\n');
    why = fmt::format("{}: alembic {} {} --sql ({}) failed: {}", r.source, upgrade ? "upgrade" : "downgrade", range, url,
                      last_line == std::string::npos ? message : message.substr(last_line + 1));
    return std::nullopt;
  };
  std::vector<std::string> unrendered;
  for (foreign_revision& r : revisions) {
    // A revision offline mode cannot render (one that queries the database, say) becomes a skeleton that fails
    // to build, rather than stopping the whole import.
    std::string why;
    const auto sqlite_up = render(r, "sqlite://", true, why), sqlite_down = render(r, "sqlite://", false, why);
    const auto pg_up = render(r, "postgresql://", true, why), pg_down = render(r, "postgresql://", false, why);
    if (!sqlite_up || !sqlite_down || !pg_up || !pg_down) {
      unrendered.push_back(why);
      continue;
    }
    // Text both dialects share is portable; where they differ, each gets its own (docs/schema.md, "Per-dialect SQL").
    if (*sqlite_up == *pg_up) {
      r.up = sqlite_up;
    } else {
      r.sqlite_up = sqlite_up;
      r.postgresql_up = pg_up;
    }
    if (*sqlite_down == *pg_down) {
      r.down = sqlite_down;
    } else {
      r.sqlite_down = sqlite_down;
      r.postgresql_down = pg_down;
    }
  }
  import_result result = write_imported(std::move(revisions), directory, store_kind::sqlite, "Alembic", namespace_name);
  if (!unrendered.empty())
    result.note = fmt::format("Alembic could not render {} revision(s) offline; each is a code skeleton that fails to "
                              "build until ported:\n  {}",
                              unrendered.size(), fmt::join(unrendered, "\n  "));
  return result;
}

}  // namespace migrate_new
