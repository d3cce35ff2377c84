#include <migrate_new/text.hpp>

#include <fmt/format.h>

namespace migrate_new {
namespace {

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

/// Length of the well-formed UTF-8 sequence starting `text`, or 0 when it is malformed.
std::size_t utf8_sequence_length(std::string_view text) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  char32_t code = 0;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
    code = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    code = lead & 0x0f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    code = lead & 0x07;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return 0;
    code = (code << 6) | (byte(i) & 0x3f);
  }
  const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
  const bool surrogate = code >= 0xd800 && code <= 0xdfff;
  if (overlong || surrogate || code > 0x10ffff) return 0;
  return length;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  while (!text.empty()) {
    const std::size_t length = utf8_sequence_length(text);
    if (length == 0) return false;
    text.remove_prefix(length);
  }
  return true;
}

std::string cpp_string_literal(std::string_view text) {
  std::string literal = "\"";
  while (!text.empty()) {
    const char c = text.front();
    const std::size_t length = utf8_sequence_length(text);
    if (length > 1) {
      literal.append(text.substr(0, length));
      text.remove_prefix(length);
      continue;
    }
    text.remove_prefix(1);
    switch (c) {
      case '"': literal += "\\\""; break;
      case '\\': literal += "\\\\"; break;
      case '\n': literal += "\\n"; break;
      case '\t': literal += "\\t"; break;
      // `??/` and friends were trigraphs before C++17; escaping the second `?` breaks them up.
      case '?': literal += literal.back() == '?' ? "\\?" : "?"; break;
      default:
        // Three octal digits always end the escape, unlike `\x`, which would swallow a following hex digit.
        if (length == 0 || is_control(static_cast<unsigned char>(c)))
          literal += fmt::format("\\{:03o}", static_cast<unsigned char>(c));
        else
          literal += c;
    }
  }
  literal += '"';
  return literal;
}

std::string comment_text(std::string_view text) {
  std::string comment;
  for (const char c : text) {
    const bool ends_block_comment = c == '/' && !comment.empty() && comment.back() == '*';
    if (ends_block_comment) comment += ' ';
    comment += is_control(static_cast<unsigned char>(c)) ? ' ' : c;
  }
  // A backslash at the end of a `//` line would splice the next line into the comment.
  while (!comment.empty() && (comment.back() == '\\' || comment.back() == ' ')) comment.pop_back();
  return comment;
}

std::string slugify(std::string_view text, std::size_t max_length) {
  std::string slug;
  bool pending_separator = false;
  for (const char c : text) {
    if (!is_ascii_alnum(c)) {
      pending_separator = !slug.empty();
      continue;
    }
    if (pending_separator) slug += '_';
    pending_separator = false;
    slug += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (slug.size() > max_length) {
    slug.resize(max_length);
    while (!slug.empty() && slug.back() == '_') slug.pop_back();
  }
  return slug;
}

bool is_qualified_identifier(std::string_view text) {
  bool expect_identifier_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ':') {
      if (expect_identifier_start || i + 1 >= text.size() || text[i + 1] != ':') return false;
      ++i;
      expect_identifier_start = true;
      continue;
    }
    const bool letter = c == '_' || (is_ascii_alnum(c) && !(c >= '0' && c <= '9'));
    if (expect_identifier_start ? !letter : !(letter || is_ascii_alnum(c))) return false;
    expect_identifier_start = false;
  }
  return !expect_identifier_start;
}

std::string identifier_part(std::string_view id) {
  std::string part(id);
  for (char& c : part)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) c = '_';
  return part;
}

}  // namespace migrate_new
