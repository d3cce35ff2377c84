#pragma once
// A fresh database on the loopback test server per test case, dropped afterwards.

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include <migrate/postgres.hpp>
#include <runtime_suite.hpp>

namespace migrate_test {

template <>
struct effects<migrate::postgres::session> {
  static void add(migrate::postgres::session& db, std::string_view name) {
    db.execute_script("CREATE TABLE IF NOT EXISTS test_effects (name TEXT NOT NULL)");
    db.execute("INSERT INTO test_effects (name) VALUES ($1)", name);
  }
  static void remove(migrate::postgres::session& db, std::string_view name) {
    db.execute("DELETE FROM test_effects WHERE name = $1", name);
  }
};

/// The URL of the server the CTest fixture started (postgres.server.start).
inline std::string test_server_url() {
  const char* file = std::getenv("MIGRATE_TEST_POSTGRES_URL_FILE");
  if (!file) throw std::runtime_error("MIGRATE_TEST_POSTGRES_URL_FILE is not set; run these tests through ctest");
  std::ifstream in(file);
  std::string url;
  if (!std::getline(in, url)) throw std::runtime_error(std::string("no server URL in ") + file);
  return url;
}

/// `url` with its database name replaced.
inline std::string with_database(const std::string& url, const std::string& database) {
  return url.substr(0, url.rfind('/') + 1) + database;
}

/// Creates a uniquely named database and drops it (closing other sessions) when destroyed.
class scratch_database {
 public:
  scratch_database() : admin_(test_server_url()) {
    static std::atomic<int> counter{0};
    name_ = "migrate_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    admin_.session().execute_script("CREATE DATABASE " + name_);
    url_ = with_database(test_server_url(), name_);
  }
  ~scratch_database() {
    try {
      admin_.session().execute_script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
    }
  }
  const std::string& url() const { return url_; }

 private:
  migrate::postgres::store admin_;
  std::string name_;
  std::string url_;
};

struct postgres_fixture {
  using store_type = migrate::postgres::store;
  static constexpr bool atomic_steps = true;

  scratch_database database;
  std::unique_ptr<store_type> db = std::make_unique<store_type>(database.url());

  store_type& store() { return *db; }
  static std::string dialect_name() { return "postgresql"; }
  bool has_table(std::string_view name) {
    return db->session().query_value<int>("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND "
                                          "tablename = $1", name).has_value();
  }
  std::vector<std::string> effects() {
    std::vector<std::string> out;
    if (!db->session().query_value<int>("SELECT 1 FROM information_schema.tables WHERE table_name = 'test_effects'"))
      return out;
    db->session().for_each_row("SELECT name FROM test_effects ORDER BY name",
                               [&out](const auto& row) { out.push_back(row.text(0)); });
    return out;
  }
};

}  // namespace migrate_test
