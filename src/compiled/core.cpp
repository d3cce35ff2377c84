// SPDX-License-Identifier: MIT
// migrate::compiled, the part no store depends on: the CLI's bodies and the event sinks (what <migrate/src.hpp>
// leaves out when a program links this library).
#include <migrate/core/version.hpp>
#include <migrate/cli/detail/impl/invocation.hpp>
#include <migrate/core/impl/events.hpp>
