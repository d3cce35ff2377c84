// SPDX-License-Identifier: MIT
#pragma once
/// The embeddable command line (`status`, `upgrade`, `downgrade`, `verify`, `sql`, ...) with the SQLite default.
/// Applications with other stores can include <migrate/cli/run.hpp> alone, which needs only the core.

#include <migrate/cli/command_line.hpp>
#include <migrate/cli/exit_code.hpp>
#include <migrate/cli/help.hpp>
#include <migrate/cli/offline_sql.hpp>
#include <migrate/cli/options.hpp>
#include <migrate/cli/progress.hpp>
#include <migrate/cli/run.hpp>
#include <migrate/cli/sqlite.hpp>
