// SPDX-License-Identifier: MIT
#pragma once
/// The core: declaring migrations, the compile-time registry, planning and running. No store, no network.

#include <migrate/core/bound_chain.hpp>
#include <migrate/core/chain.hpp>
#include <migrate/core/checksum.hpp>
#include <migrate/core/database_url.hpp>
#include <migrate/core/dialect.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/events.hpp>
#include <migrate/core/migration.hpp>
#include <migrate/core/migration_info.hpp>
#include <migrate/core/migrator.hpp>
#include <migrate/core/plan.hpp>
#include <migrate/core/registry.hpp>
#include <migrate/core/report.hpp>
#include <migrate/core/revision.hpp>
#include <migrate/core/state.hpp>
#include <migrate/core/store.hpp>
#include <migrate/core/validation.hpp>
