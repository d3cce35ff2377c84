// SPDX-License-Identifier: MIT
#pragma once
/// The PostgreSQL store (libpq); link `migrate::postgres`.

#include <migrate/postgres/catalog.hpp>
#include <migrate/postgres/error.hpp>
#include <migrate/postgres/session.hpp>
#include <migrate/postgres/store.hpp>
