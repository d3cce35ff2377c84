// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// The whole-run transaction of `run_options::single_transaction` (stores with `run_transaction_store`).

#include <exception>
#include <string>
#include <utility>

#include <migrate/core/store.hpp>
#include <migrate/core/detail/exception_text.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {

/// Rolled back unless committed, on any exit; `rollback()` reports a failure instead of throwing it.
template <class Store>
class run_transaction {
 public:
  run_transaction(Store& store, bool wanted) : store_(store) {
    if constexpr (run_transaction_store<Store>)
      if (wanted) {
        store_.begin_run_transaction();
        active_ = true;
      }
  }
  run_transaction(const run_transaction&) = delete;
  run_transaction& operator=(const run_transaction&) = delete;
  ~run_transaction() { rollback(); }
  bool active() const noexcept { return active_; }
  void commit() {
    if constexpr (run_transaction_store<Store>) store_.commit_run_transaction();
    active_ = false;
  }
  /// Rolls back if still open; what went wrong doing so, or "" (a failed rollback must not hide the failure).
  std::string rollback() noexcept {
    if (!std::exchange(active_, false)) return {};
    try {
      if constexpr (run_transaction_store<Store>) store_.rollback_run_transaction();
      return {};
    } catch (...) {
      return detail::describe_exception(std::current_exception());
    }
  }

 private:
  Store& store_;
  bool active_ = false;
};

}  // namespace migrate::detail
