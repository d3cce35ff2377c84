// SPDX-License-Identifier: MIT
#pragma once
/// Typed schema migrations: `MIGRATE_SCHEMA_MIGRATION`, the operations, their SQL per dialect and the schema model.

#include <migrate/schema/migration.hpp>
#include <migrate/schema/model.hpp>
#include <migrate/schema/operations.hpp>
#include <migrate/schema/render.hpp>
#include <migrate/schema/types.hpp>
