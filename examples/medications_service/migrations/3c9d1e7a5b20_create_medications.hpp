// create medications
//
// Revision ID: 3c9d1e7a5b20
// Revises:
// Create Date: 2026-11-30 10:00:00
#pragma once
#include <migrate/schema.hpp>

namespace medications_service {

MIGRATE_SCHEMA_MIGRATION(m_3c9d1e7a5b20_create_medications,
    .revision = "3c9d1e7a5b20",
    .revises = {},
    .description = "create medications",
    .created = "2026-11-30 10:00:00") {
  static constexpr auto ops = operations(
      create_table("medications",
                   column("id", auto_id),
                   column("name", varchar(200)).not_null(),
                   column("form", varchar(50)).not_null().default_("'tablet'"),
                   column("strength_mg", numeric(10, 2))),
      add_unique("uq_medications_name", "medications", "name"));
};

}  // namespace medications_service
