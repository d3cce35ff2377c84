#pragma once
// A fresh SQLite database file per test case, removed afterwards.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/migrate.hpp>
#include <runtime_suite.hpp>
#include <temp_dir.hpp>

namespace migrate_test {

template <>
struct effects<migrate::sqlite::session> {
  static void add(migrate::sqlite::session& db, std::string_view name) {
    db.execute_script("CREATE TABLE IF NOT EXISTS test_effects (name TEXT NOT NULL)");
    db.execute("INSERT INTO test_effects (name) VALUES (?1)", name);
  }
  static void remove(migrate::sqlite::session& db, std::string_view name) {
    db.execute("DELETE FROM test_effects WHERE name = ?1", name);
  }
};

struct sqlite_fixture {
  using store_type = migrate::sqlite::store;
  static constexpr bool atomic_steps = true;

  temp_dir dir;
  std::unique_ptr<store_type> db = std::make_unique<store_type>(dir / "test.db");

  store_type& store() { return *db; }
  static std::string dialect_name() { return "sqlite"; }
  bool has_table(std::string_view name) {
    return db->session().query_value<int>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", name)
        .has_value();
  }
  std::vector<std::string> effects() {
    std::vector<std::string> out;
    if (!db->session().query_value<int>("SELECT 1 FROM sqlite_master WHERE name = 'test_effects'")) return out;
    auto stmt = db->session().prepare("SELECT name FROM test_effects ORDER BY name");
    while (stmt.step()) out.push_back(stmt.column_text(0));
    return out;
  }
};

}  // namespace migrate_test
