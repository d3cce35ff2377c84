// The CLI over a store that is not SQLite, with only migrate's core: a ready store, and both opener forms.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <migrate/cli/run.hpp>
#include <migrate/core.hpp>

namespace {

struct memory_session {
  std::vector<std::string>* log;
  void execute_script(std::string_view sql) { log->emplace_back(sql); }
};

// Keeps state and executed SQL in memory; enough of a store for every CLI command.
class memory_store {
 public:
  using session_type = memory_session;
  struct guard {
    ~guard() {}  // not trivial, like a real lock guard
  };

  std::string describe() const { return "memory:test"; }
  guard lock(const migrate::events&) { return {}; }
  std::vector<migrate::applied_migration> load_state() { return rows; }
  void apply(const migrate::migration_info&, const migrate::applied_migration& record,
             const migrate::step_body<session_type>& body) {
    if (lease_lost) throw migrate::error(migrate::errc::lost_lease, "another runner took the lease");
    body(session);
    rows.push_back(record);
  }
  void revert(const migrate::migration_info& m, const migrate::step_body<session_type>& body) {
    body(session);
    std::erase_if(rows, [&](const auto& row) { return row.revision == m.revision; });
  }
  void replace_state(std::vector<migrate::applied_migration> new_rows) { rows = std::move(new_rows); }

  std::vector<migrate::applied_migration> rows;
  std::vector<std::string> log;
  bool lease_lost = false;  // as a FHIR store whose lease another runner took
  memory_session session{&log};
};
static_assert(migrate::sql_store<memory_store>);

MIGRATE_SQL_MIGRATION(create_things, .revision = "aaa111", .description = "create things",
                      .up = "CREATE TABLE things (id INTEGER)", .down = "DROP TABLE things");
MIGRATE_CODE_MIGRATION(fill_things, .revision = "bbb222", .revises = "aaa111", .description = "fill things") {
  template <class Session>
  static void upgrade(Session& session) { session.execute_script("INSERT INTO things VALUES (1)"); }
  template <class Session>
  static void downgrade(Session& session) { session.execute_script("DELETE FROM things"); }
};
using things = migrate::registry<create_things, fill_things>;

struct captured {
  int exit;
  std::string out, err;
};

template <class Source>
captured run(std::vector<std::string_view> args, Source&& source, std::optional<std::string> database_url = {}) {
  char *out_buffer = nullptr, *err_buffer = nullptr;
  std::size_t out_size = 0, err_size = 0;
  std::FILE* out = open_memstream(&out_buffer, &out_size);
  std::FILE* err = open_memstream(&err_buffer, &err_size);
  migrate::cli::options opts;
  opts.program = "things";
  opts.out = out;
  opts.err = err;
  opts.terminal = false;
  opts.environment = [database_url](std::string_view name) -> std::optional<std::string> {
    if (name == "DATABASE_URL") return database_url;
    return std::nullopt;
  };
  int exit = migrate::cli::run<things>(std::span<const std::string_view>(args), std::forward<Source>(source), opts);
  std::fclose(out);
  std::fclose(err);
  captured result{exit, std::string(out_buffer, out_size), std::string(err_buffer, err_size)};
  std::free(out_buffer);
  std::free(err_buffer);
  return result;
}

}  // namespace

TEST_CASE("a ready store: every command runs on it; --database is refused") {
  memory_store store;
  auto up = run({"upgrade"}, store);
  CHECK(up.exit == 0);
  CHECK(store.rows.size() == 2);
  CHECK(store.log == std::vector<std::string>{"CREATE TABLE things (id INTEGER)", "INSERT INTO things VALUES (1)"});
  CHECK(up.out.find("Upgraded from base to bbb222: 2 migration(s) applied") != std::string::npos);

  CHECK(run({"status"}, store).out.find("Store:    memory:test") != std::string::npos);
  CHECK(run({"verify", "--up-to-date"}, store).exit == 0);
  auto no_catalog = run({"verify", "--schema"}, store);
  CHECK(no_catalog.exit == 2);
  CHECK(no_catalog.err.find("--schema compares a SQL database's catalog; memory:test has none") != std::string::npos);
  CHECK(run({"downgrade", "base", "--yes"}, store).exit == 0);
  CHECK(store.rows.empty());
  CHECK(run({"stamp", "head"}, store).exit == 0);
  CHECK(store.rows.size() == 2);
  CHECK(run({"reset", "--yes"}, store).exit == 0);
  CHECK(store.rows.empty());

  auto refused = run({"status", "--database", "memory://elsewhere"}, store);
  CHECK(refused.exit == 2);
  CHECK(refused.err.find("--database cannot choose another") != std::string::npos);
}

TEST_CASE("an opener returning a store, or a pointer to one, gets the URL") {
  std::string seen;
  auto by_value = [&seen](const migrate::database_url& url) {
    seen = url.text;
    return memory_store{};
  };
  CHECK(run({"upgrade", "--database", "memory://a"}, by_value).exit == 0);
  CHECK(seen == "memory://a");

  auto by_pointer = [&seen](const migrate::database_url& url) {
    seen = url.text;
    return std::make_unique<memory_store>();
  };
  CHECK(run({"status"}, by_pointer, "memory://from-env").exit == 0);
  CHECK(seen == "memory://from-env");
}

TEST_CASE("an opener choosing among store types calls use(store)") {
  memory_store first, second;
  auto open = [&](const migrate::database_url& url, auto& use) -> int {
    if (url.scheme == "first") return use(first);
    return use(second);
  };
  CHECK(run({"upgrade", "--database", "first://x"}, open).exit == 0);
  CHECK(first.rows.size() == 2);
  CHECK(second.rows.empty());
  CHECK(run({"upgrade", "+1", "--database", "second://x"}, open).exit == 0);
  CHECK(second.rows.size() == 1);
}

TEST_CASE("commands that need no store never open one") {
  int opened = 0;
  auto open = [&opened](const migrate::database_url&) {
    ++opened;
    return memory_store{};
  };
  CHECK(run({"heads"}, open).exit == 0);
  CHECK(run({"sql"}, open).out.find("-- bbb222 fill things: C++ code migration, not shown") != std::string::npos);
  CHECK(run({"--help"}, open).exit == 0);
  CHECK(run({"upgrade", "zzz"}, open).exit == 2);
  CHECK(opened == 0);
}

TEST_CASE("a step stopped by a lost lease is reported as busy (exit 4), naming the revision") {
  memory_store store;
  store.lease_lost = true;
  auto r = run({"upgrade"}, store);
  CHECK(r.exit == 4);
  CHECK(r.err.find("aaa111 (create things) failed: another runner took the lease") != std::string::npos);
  auto json = run({"upgrade", "--json"}, store);
  CHECK(json.out.find("\"code\":\"lost_lease\"") != std::string::npos);
  CHECK(json.out.find("\"revision\":\"aaa111\"") != std::string::npos);
  CHECK(store.rows.empty());
}
