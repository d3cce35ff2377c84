// SPDX-License-Identifier: MIT
// The bodies of <migrate/fhir/detail/outcome.hpp>, compiled once into migrate::fhir.
#include <migrate/core/version.hpp>
#include <migrate/fhir/detail/outcome.hpp>

#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir::detail {
namespace {

std::string string_at(const boost::json::object& object, std::string_view key) {
  if (auto* value = object.if_contains(key); value && value->is_string()) return std::string(value->get_string());
  return {};
}

}  // namespace

std::vector<outcome_issue> parse_issues(const boost::json::value& outcome) {
  std::vector<outcome_issue> issues;
  auto* object = outcome.if_object();
  if (!object || string_at(*object, "resourceType") != "OperationOutcome") return issues;
  auto* list = object->if_contains("issue");
  if (!list || !list->is_array()) return issues;
  for (const auto& item : list->get_array()) {
    auto* issue = item.if_object();
    if (!issue) continue;
    outcome_issue parsed{string_at(*issue, "severity"), string_at(*issue, "code"), string_at(*issue, "diagnostics"), {}};
    if (parsed.diagnostics.empty())
      if (auto* details = issue->if_contains("details"); details && details->is_object())
        parsed.diagnostics = string_at(details->get_object(), "text");
    for (auto key : {"expression", "location"})
      if (auto* paths = issue->if_contains(key); paths && paths->is_array() && !paths->get_array().empty() &&
                                                  paths->get_array().front().is_string()) {
        parsed.expression = std::string(paths->get_array().front().get_string());
        break;
      }
    issues.push_back(std::move(parsed));
  }
  return issues;
}

void throw_outcome(unsigned status, const boost::json::value& outcome, std::string_view context) {
  auto issues = parse_issues(outcome);
  std::string what = fmt::format("FHIR {}: HTTP {}", context, status);
  if (!issues.empty()) {
    what += fmt::format(" [{}]", issues.front().code);
    for (const auto& issue : issues)
      if (!issue.diagnostics.empty()) {
        what += fmt::format(": {}", issue.diagnostics);
        break;
      }
  } else {
    what += " (no OperationOutcome)";
  }
  if (status == 404 || status == 410) throw not_found_error(status, std::move(issues), what);
  if (status == 409 || status == 412) throw version_conflict_error(status, std::move(issues), what);
  throw operation_outcome_error(status, std::move(issues), what);
}

void throw_outcome(unsigned status, std::string_view body, std::string_view context) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  throw_outcome(status, ec ? boost::json::value{} : parsed, context);
}

}  // namespace migrate::fhir::detail
