// SPDX-License-Identifier: MIT
// The parsing helpers of <migrate/fhir/detail/json.hpp>, compiled once into migrate::fhir.
#include <migrate/core/version.hpp>
#include <migrate/fhir/detail/json.hpp>

#include <utility>

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include <migrate/fhir/errors.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir::detail {

boost::json::object parse_object(std::string_view body, std::string_view context) {
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  if (ec) throw invalid_response_error(fmt::format("FHIR {}: response is not valid JSON ({})", context, ec.message()));
  if (!value.is_object()) throw invalid_response_error(fmt::format("FHIR {}: response is not a JSON object", context));
  return std::move(value.get_object());
}

}  // namespace migrate::fhir::detail
