#pragma once
// The registry of the switched service (written by hand here; applications let migrate_add_migrations keep it).
#include <migrate/core/registry.hpp>

#include "3a9c0e1d2b47_add_phone_number.hpp"
#include "b51c7e2a9d03_create_visits.hpp"
#include "f8ff2ab1fdfa_create_users.hpp"

namespace switched {
using registry = migrate::registry<m_f8ff2ab1fdfa_create_users, m_3a9c0e1d2b47_add_phone_number,
                                   m_b51c7e2a9d03_create_visits>;
}
