#pragma once
// A minimal in-memory store satisfying migrate::store whose session cannot run SQL
// (it has no execute_script), like a FHIR server or a key-value store would.

#include <map>
#include <string>
#include <vector>

#include <migrate/core.hpp>

namespace toy {

struct session {
  std::map<std::string, std::string> data;
  void put(std::string key, std::string value) { data[std::move(key)] = std::move(value); }
};

class store {
 public:
  using session_type = session;
  struct guard {};

  std::string describe() const { return "toy"; }
  guard lock(const migrate::events&) { return {}; }
  std::vector<migrate::applied_migration> load_state() { return rows_; }
  void apply(const migrate::migration_info&, const migrate::applied_migration& record,
             const migrate::step_body<session>& body) {
    body(session_);
    rows_.push_back(record);
  }
  void revert(const migrate::migration_info& m, const migrate::step_body<session>& body) {
    body(session_);
    std::erase_if(rows_, [&](const auto& row) { return row.revision == m.revision; });
  }
  void replace_state(std::vector<migrate::applied_migration> rows) { rows_ = std::move(rows); }

 private:
  session session_;
  std::vector<migrate::applied_migration> rows_;
};

static_assert(migrate::store<store>);
static_assert(!migrate::sql_store<store>);

}  // namespace toy
