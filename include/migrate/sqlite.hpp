// SPDX-License-Identifier: MIT
#pragma once
/// The SQLite store (the embedded default).

#include <migrate/sqlite/catalog.hpp>
#include <migrate/sqlite/error.hpp>
#include <migrate/sqlite/session.hpp>
#include <migrate/sqlite/store.hpp>
