// SPDX-License-Identifier: MIT
#pragma once
/// migrate's version: MIGRATE_VERSION is major * 10000 + minor * 100 + patch (0.2.0 is 200), as fmt's FMT_VERSION.

#define MIGRATE_VERSION 200

/// The version as text, "0.2.0".
#define MIGRATE_VERSION_STRING "0.2.0"

/// The inline namespace every declaration of migrate lives in, as fmt's `fmt::v9`: objects built against two
/// versions whose ABI differs fail to link together instead of mixing definitions. Source code never names it.
#define MIGRATE_ABI_NAMESPACE v0_2

/// Define `MIGRATE_SEPARATE_COMPILATION` in every translation unit of a program (`-DMIGRATE_SEPARATE_COMPILATION`)
/// and include `<migrate/src.hpp>` in one of them: the CLI's and the runner's bodies for the linked stores are then
/// compiled there once instead of in every translation unit (as Boost.Beast's BOOST_BEAST_SEPARATE_COMPILATION).
#if defined(MIGRATE_SEPARATE_COMPILATION)
#define MIGRATE_DECL
#else
#define MIGRATE_DECL inline
#endif
