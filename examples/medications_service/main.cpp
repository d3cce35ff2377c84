// The medications service of the Alembic origin project, switched to migrate: medications, doses with a foreign
// key, and idempotent seed data, from one set of migrations on SQLite (development) and PostgreSQL (production).
//   medications_service              migrate on container start, then list the medications
//   medications_service dose NAME    the same, then record a dose of NAME and try one of an unknown medication
//   medications_service strength NAME MG   the same, then set NAME's strength (the CHECK refuses MG <= 0)
//   medications_service add NAME     enter a medication by hand (as staff did before the seed migration); no migrating
//   medications_service list         list the medications; no migrating
//   medications_service migrate ...  the migration command line
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include <migrate/cli.hpp>
#include <migrate/migrate.hpp>

#include "migrations/index.hpp"

namespace {

template <class Store>
int serve(Store& store, std::string_view command, const std::string& name, std::string_view strength) {
  if constexpr (!requires { store.session().template query_value<int>("SELECT 1"); }) {
    return 2;
  } else {
    auto& db = store.session();
    if (command == "add") {
      db.execute_script("INSERT INTO medications (name) VALUES ('" + name + "')");
    } else if (command == "dose") {
      db.execute_script("INSERT INTO doses (medication_id, patient_ref, amount_mg) SELECT id, 'Patient/1', 250 FROM "
                        "medications WHERE name = '" + name + "'");
      std::printf("doses of %s: %d\n", name.c_str(),
                  db.template query_value<int>("SELECT count(*) FROM doses JOIN medications ON medications.id = "
                                               "doses.medication_id WHERE medications.name = '" + name + "'")
                      .value_or(-1));
      try {
        db.execute_script("INSERT INTO doses (medication_id, patient_ref, amount_mg) VALUES (999999, 'Patient/1', 1)");
        std::printf("dose of an unknown medication accepted\n");
      } catch (const std::exception&) {
        std::printf("dose of an unknown medication refused (foreign key)\n");
      }
    } else if (command == "strength") {
      try {
        db.execute_script("UPDATE medications SET strength_mg = " + std::string(strength) + " WHERE name = '" + name +
                          "'");
        std::printf("strength of %s set to %s\n", name.c_str(), std::string(strength).c_str());
      } catch (const std::exception&) {
        std::printf("negative strength refused (check)\n");
      }
    }
    std::string names;
    db.for_each_row("SELECT name FROM medications ORDER BY name", [&](const auto& row) {
      names += (names.empty() ? "" : ", ") + std::string(row.text(0));
    });
    std::printf("medications: %s\n", names.c_str());
    return 0;
  }
}

}  // namespace

int main(int argc, char** argv) try {
  const std::string_view command = argc > 1 ? argv[1] : "";
  if (command == "migrate")
    return migrate::cli::run<medications_service::registry>(argc - 1, argv + 1,
                                                            {.program = "medications_service migrate"});
  if (command != "add" && command != "list") {
    auto report = migrate::upgrade_all<medications_service::registry>();
    std::printf("medications_service: applied %zu migration(s)\n", report.steps.size());
  }
  const std::string name = argc > 2 ? argv[2] : "";
  return migrate::with_database(migrate::database_url_from_environment(),
                                [&](auto& store) { return serve(store, command, name, argc > 3 ? argv[3] : "0"); });
} catch (const std::exception& e) {
  std::fprintf(stderr, "medications_service: %s\n", e.what());
  return 1;
}
