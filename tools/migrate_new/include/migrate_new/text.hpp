#pragma once
/// Turning a free-form description into safe C++: string literals, comments, slugs.

#include <cstddef>
#include <string>
#include <string_view>

namespace migrate_new {

/// Longest slug put in a file or struct name (Alembic's default truncate_slug_length).
inline constexpr std::size_t max_slug_length = 40;

/// Whether `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

/// `text` as a C++ string literal, quotes included, that compiles and decodes back to `text`.
std::string cpp_string_literal(std::string_view text);

/// `text` made safe inside a `//` or `/* */` comment: one line, no `*/`, no trailing backslash.
std::string comment_text(std::string_view text);

/// Lowercase ASCII letters and digits of `text` joined by single `_`, at most `max_length` long;
/// empty when `text` has no ASCII letter or digit.
std::string slugify(std::string_view text, std::size_t max_length = max_slug_length);

/// A revision id as part of a C++ identifier: every character but an ASCII letter or digit becomes `_`.
std::string identifier_part(std::string_view id);

/// Whether `text` is `identifier` or `identifier::identifier...` (a C++ namespace name).
bool is_qualified_identifier(std::string_view text);

}  // namespace migrate_new
