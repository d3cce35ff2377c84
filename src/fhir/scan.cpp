// SPDX-License-Identifier: MIT
// The smaller bodies of <migrate/fhir/bulk.hpp>: a scan checkpoint's JSON text and the read-only scan (update_each's
// pipeline is bulk.cpp). Compiled once into migrate::fhir, so a migration's TU never parses Boost.JSON's parser.
#include <migrate/core/version.hpp>
#include <migrate/fhir/bulk.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <migrate/fhir/detail/json.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

std::string scan_checkpoint::to_json() const {
  return boost::json::serialize(boost::json::object{{"next", next_url}, {"pages", pages}, {"resources", resources}});
}

scan_checkpoint scan_checkpoint::from_json(std::string_view text) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  auto* object = ec ? nullptr : value.if_object();
  if (!object) throw store_error("FHIR scan checkpoint is not a JSON object", errc::invalid_state);
  scan_checkpoint checkpoint;
  checkpoint.next_url = detail::member_string(*object, "next");
  if (auto* pages_read = object->if_contains("pages"); pages_read && pages_read->is_number())
    checkpoint.pages = pages_read->to_number<std::uint64_t>();
  if (auto* resources_read = object->if_contains("resources"); resources_read && resources_read->is_number())
    checkpoint.resources = resources_read->to_number<std::uint64_t>();
  return checkpoint;
}

std::uint64_t scan_each(client& fhir, std::string_view resource_type, search_params criteria, std::size_t page_size,
                        const std::function<void(const boost::json::object&)>& on_resource) {
  criteria.emplace_back("_count", std::to_string(page_size));
  std::uint64_t count = 0;
  fhir.for_each_page(resource_type, criteria, [&](const boost::json::object& page) {
    for (const auto& resource : client::matches(page)) {
      on_resource(resource);
      ++count;
    }
    return true;
  });
  return count;
}

}  // namespace migrate::fhir
