// The users service of the Alembic origin project, switched to migrate: the same migrations run on SQLite in
// development (DATABASE_URL unset or sqlite:///...) and on PostgreSQL in production (DATABASE_URL=postgresql://...).
//   users_service                 migrate on container start, then report
//   users_service register EMAIL  what the service does with the schema: insert without an id, read the defaults
//   users_service migrate ...     the migration command line (status, upgrade, downgrade, verify --schema, ...)
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include <migrate/cli.hpp>
#include <migrate/migrate.hpp>

#include "migrations/index.hpp"

namespace {

// Registers a user the way the service's ORM would: no id, no is_active, no created_at; the database fills them.
template <class Store>
int register_user(Store& store, const std::string& email) {
  if constexpr (!requires { store.session().template query_value<int>("SELECT 1"); }) {
    return 2;
  } else {
    auto& db = store.session();
    // Literals only: the two databases spell bind parameters differently (?1 / $1); this demo needs none.
    const auto id = db.template query_value<int>(
        "INSERT INTO users (email, hashed_password, full_name) VALUES ('" + email + "', 'x', 'Test User') RETURNING id");
    const auto active = db.template query_value<int>(
        "SELECT CASE WHEN is_active THEN 1 ELSE 0 END FROM users WHERE email = '" + email + "'");
    const auto stamped = db.template query_value<int>(
        "SELECT count(*) FROM users WHERE email = '" + email + "' AND created_at IS NOT NULL");
    std::printf("registered %s: id %d, is_active %d, created_at set %d\n", email.c_str(), id.value_or(-1),
                active.value_or(-1), stamped.value_or(-1));
    try {
      db.execute_script("INSERT INTO users (email, hashed_password) VALUES ('" + email + "', 'y')");
      std::printf("duplicate email accepted\n");
    } catch (const std::exception&) {
      std::printf("duplicate email refused\n");
    }
    return 0;
  }
}

}  // namespace

int main(int argc, char** argv) try {
  const std::string_view command = argc > 1 ? argv[1] : "";
  if (command == "migrate")
    return migrate::cli::run<users_service::registry>(argc - 1, argv + 1, {.program = "users_service migrate"});
  auto report = migrate::upgrade_all<users_service::registry>();
  std::printf("users_service: applied %zu migration(s)\n", report.steps.size());
  if (command == "register" && argc > 2) {
    const std::string email = argv[2];
    return migrate::with_database(migrate::database_url_from_environment(),
                                  [&](auto& store) { return register_user(store, email); });
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "users_service: %s\n", e.what());
  return 1;
}
