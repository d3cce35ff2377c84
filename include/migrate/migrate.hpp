// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// Everything an application needs with the embedded default store: core + SQLite, and `upgrade_all()`.
///
/// With MIGRATE_SEPARATE_COMPILATION it holds only what an application's startup needs — declaring migrations and
/// the registry, and `upgrade_all()` — whose bodies <migrate/src.hpp> compiles once; include <migrate/core.hpp>,
/// <migrate/stores.hpp> (with_database) or a store's header for the rest.

#if !defined(MIGRATE_SEPARATE_COMPILATION)
#include <migrate/core.hpp>
#include <migrate/sqlite.hpp>
#include <migrate/stores.hpp>
#else
#include <migrate/core/migration.hpp>
#include <migrate/core/registry.hpp>
#include <migrate/core/report.hpp>
#include <migrate/core/run_options.hpp>
#endif
#include <migrate/upgrade_all.hpp>
