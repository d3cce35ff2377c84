#pragma once
// A FHIR store on the loopback test server with its own MIGRATION_RESOURCE_ID per test case, so test cases
// never share a state resource; test migrations leave Basic resources tagged with that id as their effects.

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/fhir/store.hpp>
#include <fhir_test_server.hpp>
#include <runtime_suite.hpp>

namespace migrate_test {

/// The code system of effect resources; the code is the test case's resource id, the text the effect's name.
inline constexpr std::string_view effect_system = "urn:migrate-test:effect";
/// The resource id of the test case running now (one at a time per process).
inline std::string& current_effect_tag() {
  static std::string tag;
  return tag;
}

inline boost::json::object effect_resource(std::string_view tag, std::string_view name) {
  return boost::json::object{
      {"resourceType", "Basic"},
      {"code", boost::json::object{{"coding", boost::json::array{boost::json::object{{"system", effect_system},
                                                                                   {"code", tag}}}},
                                   {"text", name}}}};
}

inline std::vector<boost::json::object> effect_resources(migrate::fhir::client& fhir, std::string_view tag) {
  return fhir.search_all("Basic", {{"code", fmt::format("{}|{}", effect_system, tag)}, {"_count", "100"}});
}

template <>
struct effects<migrate::fhir::session> {
  static void add(migrate::fhir::session& fhir, std::string_view name) {
    fhir.client().create(effect_resource(current_effect_tag(), name));
  }
  static void remove(migrate::fhir::session& fhir, std::string_view name) {
    for (const auto& resource : effect_resources(fhir.client(), current_effect_tag())) {
      auto* code = resource.at("code").as_object().if_contains("text");
      if (code && code->as_string() == name)
        fhir.client().remove("Basic", std::string(resource.at("id").as_string()));
    }
  }
};

/// Store options against the plain loopback endpoint, with short waits so lock tests run quickly.
inline migrate::fhir::store_options test_store_options(std::string resource_id, std::string base = {}) {
  migrate::fhir::store_options options;
  options.base_url = base.empty() ? fhir_test::server().fhir_base : std::move(base);
  options.resource_id = std::move(resource_id);
  options.http = fhir_test::fast_options();
  options.lock_timeout = std::chrono::seconds(30);
  options.lease_ttl = std::chrono::seconds(10);
  options.lock_poll = std::chrono::milliseconds(100);
  return options;
}

struct fhir_fixture {
  using store_type = migrate::fhir::store;
  static constexpr bool atomic_steps = false;  // no multi-request transactions: a failed step leaves a dirty marker

  fhir_fixture() : id(fhir_test::unique("suite")) {
    current_effect_tag() = id;
    db = std::make_unique<store_type>(test_store_options(id));
  }

  store_type& store() { return *db; }
  std::vector<std::string> effects() {
    std::vector<std::string> out;
    for (const auto& resource : effect_resources(db->client(), id))
      out.emplace_back(resource.at("code").as_object().at("text").as_string());
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string id;
  std::unique_ptr<store_type> db;
};

}  // namespace migrate_test
