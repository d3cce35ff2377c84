#pragma once
/// Reading the declaration out of a migration header without compiling it.

#include <string>
#include <string_view>
#include <vector>

namespace migrate_new {

/// Which macro declared the migration.
enum class migration_kind { sql, code };

/// What migrate-new needs from one migration header.
struct migration_header {
  migration_kind kind = migration_kind::sql;
  std::string struct_name;           ///< the macro's first argument, e.g. `m_3f2a9c1b7d4e_add_phone`
  std::string qualified_name;        ///< with its enclosing namespaces, e.g. `::migrations::m_3f2a9c1b7d4e_add_phone`
  std::string revision;              ///< decoded `.revision`
  std::vector<std::string> revises;  ///< decoded `.revises`, empty for the root
  std::string description;           ///< decoded `.description`
  std::string created;               ///< decoded `.created`
  int line = 0;                      ///< line of the macro
};

/// Parses the content of a migration header; `file_name` only labels messages.
/// Throws `migrate_new::error` saying `file:line: what is wrong` when the header is not one migration declaration.
migration_header parse_migration_header(std::string_view text, std::string_view file_name);

}  // namespace migrate_new
