// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Typed errors of the FHIR client; all derive from migrate::store_error.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <migrate/core/errors.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

/// Why a request never got an HTTP answer.
enum class transport_failure {
  connect,          ///< name resolution or TCP connect failed
  tls,              ///< TLS handshake or certificate verification failed
  timeout,          ///< connect or read took longer than its timeout
  connection_lost,  ///< the server closed or reset the connection mid-request
  protocol,         ///< the answer was not valid HTTP
  too_large,        ///< the answer's body exceeded http_options::max_response_bytes (never retried)
};

/// A request failed below HTTP (after any retries).
class transport_error : public store_error {
 public:
  transport_error(transport_failure failure, const std::string& what) : store_error(what), failure_(failure) {}
  transport_failure failure() const noexcept { return failure_; }

 private:
  transport_failure failure_;
};

/// The server answered 2xx with a body that is not the JSON or resource expected.
class invalid_response_error : public store_error {
 public:
  using store_error::store_error;
};

/// One `OperationOutcome.issue`.
struct outcome_issue {
  std::string severity;
  std::string code;         ///< FHIR issue-type code: "not-found", "conflict", "invalid", ...
  std::string diagnostics;  ///< diagnostics, or details.text when there are none
  std::string expression;   ///< the first expression or location, if any
};

/// The server refused a request; carries the HTTP status and the OperationOutcome issues.
class operation_outcome_error : public store_error {
 public:
  operation_outcome_error(unsigned status, std::vector<outcome_issue> issues, const std::string& what,
                          errc code = errc::store_failure)
      : store_error(what, code), status_(status), issues_(std::move(issues)) {}

  unsigned status() const noexcept { return status_; }
  const std::vector<outcome_issue>& issues() const noexcept { return issues_; }
  /// The first issue's code ("" when the body held no OperationOutcome).
  std::string_view issue_code() const noexcept { return issues_.empty() ? std::string_view{} : issues_.front().code; }
  /// The first non-empty diagnostics text.
  std::string_view diagnostics() const noexcept {
    for (const auto& issue : issues_)
      if (!issue.diagnostics.empty()) return issue.diagnostics;
    return {};
  }

 private:
  unsigned status_;
  std::vector<outcome_issue> issues_;
};

/// 404 Not Found or 410 Gone.
class not_found_error : public operation_outcome_error {
 public:
  not_found_error(unsigned status, std::vector<outcome_issue> issues, const std::string& what)
      : operation_outcome_error(status, std::move(issues), what) {}
  /// True when the resource existed and was deleted (410).
  bool gone() const noexcept { return status() == 410; }
};

/// 409 Conflict or 412 Precondition Failed: the resource changed since we read it (If-Match lost),
/// or a conditional request's criteria matched more than one resource.
class version_conflict_error : public operation_outcome_error {
 public:
  version_conflict_error(unsigned status, std::vector<outcome_issue> issues, const std::string& what)
      : operation_outcome_error(status, std::move(issues), what, errc::concurrent_modification) {}
};

}  // namespace migrate::fhir
