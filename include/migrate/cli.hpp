// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// The embeddable command line (`status`, `upgrade`, `downgrade`, `verify`, `sql`, ...) over the stores this build
/// links. Applications with other stores can include <migrate/cli/run.hpp> alone, which needs only the core.
///
/// With MIGRATE_SEPARATE_COMPILATION it holds only `cli::run<Registry>(argc, argv)` and its options, whose bodies
/// <migrate/src.hpp> compiles once; include the other <migrate/cli/...> headers for the rest.

#if !defined(MIGRATE_SEPARATE_COMPILATION)
#include <migrate/cli/command_line.hpp>
#include <migrate/cli/help.hpp>
#include <migrate/cli/offline_sql.hpp>
#include <migrate/cli/progress.hpp>
#include <migrate/cli/run.hpp>
#endif
#include <migrate/cli/exit_code.hpp>
#include <migrate/cli/options.hpp>
#include <migrate/cli/sqlite.hpp>
#include <migrate/migrate.hpp>
