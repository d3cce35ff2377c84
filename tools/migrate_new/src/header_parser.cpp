#include <migrate_new/header_parser.hpp>

#include <migrate_new/error.hpp>

#include <migrate/core/migration.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

namespace migrate_new {
namespace {

constexpr std::string_view sql_macro = "MIGRATE_SQL_MIGRATION";
constexpr std::string_view code_macro = "MIGRATE_CODE_MIGRATION";
// A typed schema migration (migrate/schema.hpp) is declared like a code migration and runs as SQL.
constexpr std::string_view schema_macro = "MIGRATE_SCHEMA_MIGRATION";

/// `migrate::migration_spec`'s fields in declaration order, which designated initializers must follow; one
/// per-dialect override (`.sqlite`, `.postgresql`, ...) per entry of MIGRATE_DIALECTS after `.down`.
enum spec_field : std::size_t {
  revision, revises, description, created, up, down, first_dialect,
  only = first_dialect + migrate::dialect_count, irreversible, in_transaction, touches
};
constexpr auto spec_fields = [] {
  std::array<std::string_view, touches + 1> names{"revision", "revises", "description", "created", "up", "down"};
  for (auto d : migrate::all_dialects) names[first_dialect + static_cast<std::size_t>(d)] = migrate::to_string(d);
  names[only] = "only";
  names[irreversible] = "irreversible";
  names[in_transaction] = "in_transaction";
  names[touches] = "touches";
  return names;
}();

enum class token_kind { identifier, string_literal, punctuation, end };

struct token {
  token_kind kind = token_kind::end;
  std::string_view spelling;
  std::string value;  ///< decoded content of a string literal
  int line = 0;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_identifier_start(char c) {
  // Bytes above 0x7f belong to UTF-8 identifiers.
  return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_identifier_char(char c) { return is_identifier_start(c) || is_digit(c); }
bool is_horizontal_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

int hex_digit_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, char32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xc0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xe0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  }
}

/// Splits a header into the tokens that matter for finding the declaration: comments and
/// preprocessor lines vanish, string literals (raw ones too) become single decoded tokens.
class lexer {
 public:
  lexer(std::string_view text, std::string_view file_name) : text_(text), file_name_(file_name) {
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
  }

  std::vector<token> tokenize() {
    std::vector<token> tokens;
    bool at_line_start = true;  // a `#` opens a directive only as a line's first token
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        advance(1);
        at_line_start = true;
      } else if (is_horizontal_space(c)) {
        advance(1);
      } else if (c == '\\' && splice_length() > 0) {
        advance(splice_length());
      } else if (rest().starts_with("//")) {
        skip_logical_line();
      } else if (rest().starts_with("/*")) {
        skip_block_comment();
      } else if (c == '#' && at_line_start) {
        skip_logical_line();
      } else {
        at_line_start = false;
        tokens.push_back(read_token());
      }
    }
    tokens.push_back({token_kind::end, {}, {}, line_});
    return tokens;
  }

 private:
  [[noreturn]] void fail(int line, std::string_view what) const {
    throw error(fmt::format("{}:{}: {}", file_name_, line, what));
  }

  std::string_view rest() const { return text_.substr(pos_); }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  void advance(std::size_t count) {
    for (; count > 0 && pos_ < text_.size(); --count)
      if (text_[pos_++] == '\n') ++line_;
  }

  /// Length of a backslash-newline line splice at the cursor (compilers allow spaces before the newline), or 0.
  std::size_t splice_length() const {
    std::size_t length = 1;
    while (is_horizontal_space(peek(length))) ++length;
    return peek(length) == '\n' ? length + 1 : 0;
  }

  void skip_logical_line() {
    while (pos_ < text_.size() && text_[pos_] != '\n') advance(text_[pos_] == '\\' ? std::max<std::size_t>(splice_length(), 1) : 1);
  }

  void skip_block_comment() {
    const int start_line = line_;
    const std::size_t close = text_.find("*/", pos_ + 2);
    if (close == std::string_view::npos) fail(start_line, "unterminated /* comment");
    advance(close + 2 - pos_);
  }

  token read_token() {
    const std::size_t start = pos_;
    const int line = line_;
    const char c = text_[pos_];
    if (is_identifier_start(c)) {
      while (is_identifier_char(peek())) advance(1);
      const std::string_view word = text_.substr(start, pos_ - start);
      if (peek() == '"' && is_string_prefix(word)) return read_string_literal(start, word.ends_with('R'));
      if (peek() == '\'' && is_character_prefix(word)) return read_character_literal(start);
      return {token_kind::identifier, word, {}, line};
    }
    if (c == '"') return read_string_literal(start, false);
    if (c == '\'') return read_character_literal(start);
    if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return read_number(start);
    advance(rest().starts_with("::") ? 2 : 1);
    return {token_kind::punctuation, text_.substr(start, pos_ - start), {}, line};
  }

  static bool is_string_prefix(std::string_view word) {
    return word == "u8" || word == "u" || word == "U" || word == "L" || word == "R" || word == "u8R" ||
           word == "uR" || word == "UR" || word == "LR";
  }
  static bool is_character_prefix(std::string_view word) {
    return word == "u8" || word == "u" || word == "U" || word == "L";
  }

  token read_number(std::size_t start) {
    while (true) {
      const char c = peek();
      const bool exponent_sign = (c == '+' || c == '-') && pos_ > start && std::string_view("eEpP").find(text_[pos_ - 1]) != std::string_view::npos;
      const bool digit_separator = c == '\'' && is_identifier_char(peek(1));
      if (!(is_identifier_char(c) || c == '.' || exponent_sign || digit_separator)) break;
      advance(1);
    }
    return {token_kind::punctuation, text_.substr(start, pos_ - start), {}, line_};
  }

  token read_character_literal(std::size_t start) {
    const int line = line_;
    advance(1);  // opening '
    while (peek() != '\'') {
      if (pos_ >= text_.size() || peek() == '\n') fail(line, "unterminated character literal");
      advance(peek() == '\\' ? 2 : 1);
    }
    advance(1);
    return {token_kind::punctuation, text_.substr(start, pos_ - start), {}, line};
  }

  token read_string_literal(std::size_t start, bool raw) {
    const int line = line_;
    advance(1);  // opening "
    std::string value = raw ? read_raw_string_body(line) : read_escaped_string_body(line);
    return {token_kind::string_literal, text_.substr(start, pos_ - start), std::move(value), line};
  }

  std::string read_raw_string_body(int line) {
    const std::size_t open = text_.find('(', pos_);
    const std::size_t delimiter_length = open == std::string_view::npos ? 0 : open - pos_;
    const std::string_view delimiter = text_.substr(pos_, delimiter_length);
    const bool valid_delimiter = open != std::string_view::npos && delimiter.size() <= 16 &&
                                 delimiter.find_first_of(" ()\\\t\v\f\r\n\"") == std::string_view::npos;
    if (!valid_delimiter) fail(line, "raw string literal without a valid R\"delimiter( opening");
    const std::string closing = fmt::format("){}\"", delimiter);
    const std::size_t close = text_.find(closing, open + 1);
    if (close == std::string_view::npos)
      fail(line, fmt::format("unterminated raw string literal: no {} closes it", closing));
    std::string value;
    for (const char c : text_.substr(open + 1, close - open - 1))
      if (c != '\r') value += c;  // CRLF checkouts: compilers read the line ends as plain newlines
    advance(close + closing.size() - pos_);
    return value;
  }

  std::string read_escaped_string_body(int line) {
    std::string value;
    while (true) {
      if (pos_ >= text_.size() || peek() == '\n') fail(line, "unterminated string literal");
      const char c = peek();
      if (c == '"') {
        advance(1);
        return value;
      }
      if (c == '\\' && splice_length() > 0) {
        advance(splice_length());
      } else if (c == '\\') {
        read_escape_sequence(value);
      } else {
        value += c;
        advance(1);
      }
    }
  }

  void read_escape_sequence(std::string& value) {
    const int line = line_;
    const char kind = peek(1);
    advance(2);
    switch (kind) {
      case 'n': value += '\n'; return;
      case 't': value += '\t'; return;
      case 'r': value += '\r'; return;
      case 'a': value += '\a'; return;
      case 'b': value += '\b'; return;
      case 'f': value += '\f'; return;
      case 'v': value += '\v'; return;
      case '\\': case '\'': case '"': case '?': value += kind; return;
      case 'x': return append_byte(value, read_digits(16, 2 * sizeof(char32_t), line), line);
      case 'u': return append_code_point(value, read_exact_hex_digits(4, line), line);
      case 'U': return append_code_point(value, read_exact_hex_digits(8, line), line);
      default: break;
    }
    if (kind >= '0' && kind <= '7') {
      pos_ -= 1;  // the first digit belongs to the value
      return append_byte(value, read_digits(8, 3, line), line);
    }
    fail(line, fmt::format("unknown escape sequence '\\{}' in string literal", kind == '\n' ? ' ' : kind));
  }

  char32_t read_digits(int base, std::size_t max_count, int line) {
    char32_t value = 0;
    std::size_t count = 0;
    for (; count < max_count; ++count) {
      const int digit = hex_digit_value(peek());
      if (digit < 0 || digit >= base) break;
      value = value * base + digit;
      advance(1);
    }
    if (count == 0) fail(line, "escape sequence without digits in string literal");
    return value;
  }

  char32_t read_exact_hex_digits(std::size_t count, int line) {
    for (std::size_t i = 0; i < count; ++i)
      if (hex_digit_value(peek(i)) < 0) fail(line, fmt::format("universal character name needs {} hex digits", count));
    return read_digits(16, count, line);
  }

  void append_byte(std::string& value, char32_t byte, int line) const {
    if (byte > 0xff) fail(line, "escape sequence out of range for a char");
    value += static_cast<char>(byte);
  }

  void append_code_point(std::string& value, char32_t code, int line) const {
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) fail(line, "invalid universal character name");
    append_utf8(value, code);
  }

  std::string_view text_;
  std::string_view file_name_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

/// Walks the tokens, tracking namespaces and braces, and reads the one migration macro.
class parser {
 public:
  parser(std::vector<token> tokens, std::string_view file_name)
      : tokens_(std::move(tokens)), file_name_(file_name) {}

  migration_header parse() {
    std::optional<migration_header> found;
    while (peek().kind != token_kind::end) {
      const token& current = next();
      if (current.kind == token_kind::identifier && current.spelling == "namespace") {
        read_namespace_head(current.line);
      } else if (is(current, "{")) {
        scopes_.push_back({false, {}, current.line});
      } else if (is(current, "}")) {
        if (scopes_.empty()) fail(current.line, "'}' without a matching '{'");
        scopes_.pop_back();
      } else if (is_migration_macro(current) && is(peek(), "(")) {
        if (found)
          fail(current.line, fmt::format("a second migration declaration (the first is at line {}); "
                                         "a header declares exactly one migration",
                                         found->line));
        found = read_macro(current);
      }
    }
    if (!scopes_.empty())
      fail(scopes_.back().line, "this '{' is never closed (is the file truncated?)");
    if (!found)
      fail(1, fmt::format("no {}(...), {}(...) or {}(...) declaration found", sql_macro, code_macro, schema_macro));
    return *std::move(found);
  }

 private:
  struct scope {
    bool is_namespace = false;
    std::string name;
    int line = 0;
  };

  [[noreturn]] void fail(int line, std::string_view what) const {
    throw error(fmt::format("{}:{}: {}", file_name_, line, what));
  }

  const token& peek() const { return tokens_[pos_]; }
  const token& next() { return pos_ + 1 < tokens_.size() ? tokens_[pos_++] : tokens_.back(); }
  static bool is(const token& t, std::string_view spelling) {
    return t.kind == token_kind::punctuation && t.spelling == spelling;
  }
  static bool is_migration_macro(const token& t) {
    return t.kind == token_kind::identifier && (t.spelling == sql_macro || t.spelling == code_macro || t.spelling == schema_macro);
  }
  static std::string describe(const token& t) {
    if (t.kind == token_kind::end) return "end of file";
    if (t.kind == token_kind::string_literal) return "a string literal";
    return fmt::format("'{}'", t.spelling);
  }

  /// After `namespace`: `a {`, `a::b {`, `{` open a namespace; aliases and using-directives open nothing.
  void read_namespace_head(int line) {
    std::string name;
    while (peek().kind == token_kind::identifier) {
      if (peek().spelling != "inline") name += next().spelling;
      else next();
      if (!is(peek(), "::")) break;
      name += next().spelling;
    }
    if (is(peek(), "{")) {
      next();
      scopes_.push_back({true, std::move(name), line});
    }
  }

  std::string qualified(std::string_view struct_name) const {
    std::string name;
    for (const scope& s : scopes_)
      if (!s.name.empty()) name += fmt::format("::{}", s.name);
    return fmt::format("{}::{}", name, struct_name);
  }

  migration_header read_macro(const token& macro) {
    const auto enclosing = std::find_if(scopes_.begin(), scopes_.end(), [](const scope& s) { return !s.is_namespace; });
    if (enclosing != scopes_.end())
      fail(macro.line, fmt::format("{} must be at namespace scope, not inside the braces opened at line {}",
                                   macro.spelling, enclosing->line));
    migration_header header;
    header.kind = macro.spelling == code_macro ? migration_kind::code : migration_kind::sql;
    header.line = macro.line;
    next();  // (
    const token& name = next();
    if (name.kind != token_kind::identifier)
      fail(name.line, fmt::format("{} expects the migration's struct name first, found {}", macro.spelling, describe(name)));
    header.struct_name = std::string(name.spelling);
    header.qualified_name = qualified(name.spelling);

    std::array<bool, spec_fields.size()> seen{};
    std::optional<std::size_t> previous;
    while (true) {
      const token& separator = next();
      if (is(separator, ")")) break;
      if (!is(separator, ","))
        fail(separator.line, fmt::format("expected ',' or ')' in {}(...) opened at line {}, found {}", macro.spelling,
                                         macro.line, describe(separator)));
      if (is(peek(), ")")) {
        next();
        break;
      }
      const std::size_t field = read_designator(macro);
      if (seen[field]) fail(peek().line, fmt::format(".{} is given twice", spec_fields[field]));
      if (previous && field < *previous)
        fail(peek().line, fmt::format(".{} must come before .{}: designated initializers follow the declaration order "
                                      "{}",
                                      spec_fields[field], spec_fields[*previous], fmt::join(spec_fields, ", ")));
      seen[field] = true;
      previous = field;
      read_field_value(static_cast<spec_field>(field), header);
    }
    if (!seen[revision]) fail(macro.line, fmt::format("{}({}, ...) has no .revision", macro.spelling, header.struct_name));
    if (header.revision.empty()) fail(macro.line, fmt::format("{}({}, ...) has an empty .revision", macro.spelling, header.struct_name));
    return header;
  }

  /// Reads `.field =` and returns the field's index.
  std::size_t read_designator(const token& macro) {
    const token& dot = next();
    const token& field = next();
    if (!is(dot, ".") || field.kind != token_kind::identifier)
      fail(dot.line, fmt::format("expected a designated initializer such as .revision = \"...\" in {}(...), found {}",
                                 macro.spelling, describe(is(dot, ".") ? field : dot)));
    const auto known = std::find(spec_fields.begin(), spec_fields.end(), field.spelling);
    if (known == spec_fields.end())
      fail(field.line, fmt::format("unknown field .{}; migrate::migration_spec has .{}", field.spelling,
                                   fmt::join(spec_fields, ", .")));
    const token& equals = next();
    if (!is(equals, "=")) fail(equals.line, fmt::format("expected '=' after .{}, found {}", field.spelling, describe(equals)));
    return static_cast<std::size_t>(known - spec_fields.begin());
  }

  void read_field_value(spec_field field, migration_header& header) {
    // Dialect overrides, .only and .touches do not shape the chain: skip them, as the compiler checks them.
    if ((field >= first_dialect && field <= only) || field == touches) return skip_value();
    switch (field) {
      case revision: header.revision = read_string(field); break;
      case revises: header.revises = read_revises(); break;
      case description: header.description = read_string(field); break;
      case created: header.created = read_string(field); break;
      case up: case down: read_string(field); break;
      case irreversible: case in_transaction: read_bool(field); break;
      default: break;
    }
  }

  /// Skips one initializer: tokens up to the ',' or ')' that ends it, outside braces and parentheses.
  void skip_value() {
    int depth = 0;
    while (true) {
      const token& t = peek();
      if (t.kind == token_kind::end) return;
      if (depth == 0 && (is(t, ",") || is(t, ")"))) return;
      if (is(t, "{") || is(t, "(")) ++depth;
      if (is(t, "}") || is(t, ")")) --depth;
      next();
    }
  }

  /// One string literal or several adjacent ones, concatenated as the compiler would.
  std::string read_string(spec_field field) {
    const token& first = next();
    if (first.kind != token_kind::string_literal)
      fail(first.line, fmt::format("expected a string literal for .{}, found {}", spec_fields[field], describe(first)));
    std::string value = first.value;
    while (peek().kind == token_kind::string_literal) value += next().value;
    return value;
  }

  std::vector<std::string> read_revises() {
    if (peek().kind == token_kind::string_literal) return {read_string(revises)};
    const token& open = next();
    if (!is(open, "{"))
      fail(open.line, fmt::format("expected \"id\" or {{\"id\", ...}} for .revises, found {}", describe(open)));
    std::vector<std::string> ids;
    while (!is(peek(), "}")) {
      ids.push_back(read_string(revises));
      const token& separator = peek();
      if (is(separator, ",")) next();
      else if (!is(separator, "}"))
        fail(separator.line, fmt::format("expected ',' or '}}' in .revises, found {}", describe(separator)));
    }
    // migration_spec's constructor refuses more at compile time; say it here, where the line is known.
    if (ids.size() > migrate::max_down_revisions)
      fail(open.line, fmt::format(".revises names {} revisions; a migration may name at most {} (migrate::max_down_revisions)",
                                  ids.size(), migrate::max_down_revisions));
    next();
    return ids;
  }

  void read_bool(spec_field field) {
    const token& value = next();
    if (value.kind != token_kind::identifier || (value.spelling != "true" && value.spelling != "false"))
      fail(value.line, fmt::format("expected true or false for .{}, found {}", spec_fields[field], describe(value)));
  }

  std::vector<token> tokens_;
  std::string_view file_name_;
  std::size_t pos_ = 0;
  std::vector<scope> scopes_;
};

}  // namespace

migration_header parse_migration_header(std::string_view text, std::string_view file_name) {
  return parser(lexer(text, file_name).tokenize(), file_name).parse();
}

}  // namespace migrate_new
