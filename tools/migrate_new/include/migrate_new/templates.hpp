#pragma once
/// Migration header templates with `${placeholder}`s (the analog of Alembic's `script.py.mako`).

#include <migrate_new/header_parser.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace migrate_new {

/// Placeholder name → replacement text.
using template_values = std::map<std::string, std::string, std::less<>>;

/// The built-in template for `kind`, embedded at build time from `tools/templates/`.
std::string_view builtin_template(migration_kind kind);

/// `text` with every `${name}` replaced by `values[name]` and every `$$` by `$`; any other `$` stays.
/// Throws `migrate_new::error` naming `template_name` and the line of an unknown or unterminated placeholder.
std::string render_template(std::string_view text, const template_values& values, std::string_view template_name);

}  // namespace migrate_new
