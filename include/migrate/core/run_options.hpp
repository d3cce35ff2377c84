// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::run_options`: how a run behaves.

#include <cstdio>

#include <migrate/core/events.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE {

/// How runs behave.
struct run_options {
  /// Wrap the whole run in one transaction, so a failure undoes every step (stores with `run_transaction_store`).
  bool single_transaction = false;
  /// Where audit events go; human-readable lines on stderr by default.
  events sinks{text_sink(stderr)};
};

}  // namespace migrate
