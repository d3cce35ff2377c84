// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// What a run did, and what a store's status is.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <migrate/core/migration_info.hpp>
#include <migrate/core/state.hpp>
#include <migrate/core/errors.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// Which way a step goes.
enum class direction { up, down };

/// One disagreement between store and chain.
struct finding {
  errc code;
  std::string revision;
  std::string message;
};

/// One step that ran.
struct step_report {
  std::string revision;
  std::string description;
  direction way = direction::up;
  std::chrono::milliseconds duration{};
};

/// The outcome of upgrade, downgrade, stamp or reset.
struct run_report {
  std::vector<step_report> steps;  ///< in the order they ran
  std::vector<std::string> from;   ///< applied heads before the run (empty at base)
  std::vector<std::string> to;     ///< applied heads after the run
  std::chrono::milliseconds duration{};

  bool changed() const noexcept { return from != to; }
};

/// Where a store stands against the compiled chain.
struct status_report {
  std::vector<std::string> current;  ///< applied heads (empty at base)
  std::string head;                  ///< the chain's head in this build (empty without migrations)
  std::size_t applied = 0;
  std::size_t pending = 0;
  bool dirty = false;                ///< a migration was interrupted
  std::vector<finding> findings;     ///< everything `verify` would report
  bool up_to_date() const noexcept { return pending == 0 && findings.empty(); }
};

/// One migration of the chain with its recorded state, for `history`.
struct history_entry {
  const migration_info* migration = nullptr;
  std::optional<applied_migration> record;  ///< set when the store records it
  bool is_head = false;                     ///< the chain's head
  bool is_current = false;                  ///< an applied head of the store
};

}  // namespace migrate
