// Rule: a store that runs SQL but declares no dialect runs only portable SQL (a .up without .only).
// expect: no_portable_sql<extension, plain::session>
// expect: this SQL migration is written for some dialects only \(\.only, or SQL in dialect overrides only\)
#include <migrate/core.hpp>

namespace plain {
struct session {
  void execute_script(std::string_view) {}
};
struct store {
  using session_type = session;
  struct guard {};
  std::string describe() const { return "plain"; }
  guard lock(const migrate::events&) { return {}; }
  std::vector<migrate::applied_migration> load_state() { return {}; }
  void apply(const migrate::migration_info&, const migrate::applied_migration&, const migrate::step_body<session>&) {}
  void revert(const migrate::migration_info&, const migrate::step_body<session>&) {}
  void replace_state(std::vector<migrate::applied_migration>) {}
};
}  // namespace plain

MIGRATE_SQL_MIGRATION(root, .revision = "aaa", .description = "root", .up = "CREATE TABLE t(x)", .down = "DROP TABLE t");
MIGRATE_SQL_MIGRATION(extension, .revision = "bbb", .revises = "aaa", .description = "pgcrypto",
                      .up = "CREATE EXTENSION pgcrypto", .down = "DROP EXTENSION pgcrypto",
                      .only = migrate::dialect::postgresql);

using registry = migrate::registry<root, extension>;
static_assert(registry::verified);

void run(plain::store& store) { migrate::upgrade_all<registry>(store); }
