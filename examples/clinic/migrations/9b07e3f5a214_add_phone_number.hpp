// add phone number to users
//
// Revision ID: 9b07e3f5a214
// Revises: 4d1c8a2e9f70
// Create Date: 2026-11-22 09:05:00
#pragma once
#include <migrate/schema.hpp>

namespace clinic {

MIGRATE_SCHEMA_MIGRATION(m_9b07e3f5a214_add_phone_number,
    .revision = "9b07e3f5a214",
    .revises = {"4d1c8a2e9f70"},
    .description = "add phone number to users",
    .created = "2026-11-22 09:05:00") {
  static constexpr auto ops = operations(add_column("users", column("phone_number", varchar(20))));
};

}  // namespace clinic
