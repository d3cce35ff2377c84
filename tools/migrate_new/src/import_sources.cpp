// Reading other tools' migration sources: Python revision files and the Go runner's struct literals.
#include <migrate_new/import.hpp>

#include <migrate_new/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

namespace migrate_new {
namespace {

constexpr std::string_view blanks = " \t\r";

std::string_view trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

/// A Python string literal at the start of `text` ('...' or "...", simple escapes); advances `text` past it.
std::optional<std::string> python_string(std::string_view& text) {
  if (text.empty() || (text.front() != '\'' && text.front() != '"')) return std::nullopt;
  const char quote = text.front();
  std::string value;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      value += text[++i];
    } else if (text[i] == quote) {
      text.remove_prefix(i + 1);
      return value;
    } else if (text[i] == '\n') {
      break;
    } else {
      value += text[i];
    }
  }
  return std::nullopt;
}

/// The value after `name =` (or `name: Type =`) at the start of a line, if a line assigns `name`.
std::optional<std::string_view> assignment(const std::vector<std::string_view>& lines, std::string_view name) {
  for (std::string_view line : lines) {
    if (!line.starts_with(name)) continue;
    std::string_view rest = line.substr(name.size());
    if (rest.empty() || (rest.front() != ' ' && rest.front() != '=' && rest.front() != ':')) continue;
    const std::size_t equals = rest.find('=');
    if (equals == std::string_view::npos || rest.substr(equals).starts_with("==")) continue;
    return trim(rest.substr(equals + 1));
  }
  return std::nullopt;
}

}  // namespace

foreign_revision parse_python_revision(std::string_view text, std::string_view file_name) {
  const std::vector<std::string_view> lines = lines_of(text);
  foreign_revision revision;
  revision.source = std::string(file_name);

  auto revision_value = assignment(lines, "revision");
  if (!revision_value) throw error(fmt::format("{}: no `revision = \"...\"` line", file_name));
  auto id = python_string(*revision_value);
  if (!id) throw error(fmt::format("{}: `revision` is not a string", file_name));
  revision.id = *id;

  auto down_value = assignment(lines, "down_revision");
  if (!down_value) throw error(fmt::format("{}: no `down_revision = ...` line", file_name));
  std::string_view down = *down_value;
  if (down.starts_with("None")) {
  } else if (auto parent = python_string(down)) {
    revision.parents.push_back(*parent);
  } else if (down.starts_with("(") || down.starts_with("[")) {
    const char close = down.front() == '(' ? ')' : ']';
    down.remove_prefix(1);
    while (true) {
      down = trim(down);
      if (down.starts_with(close)) break;
      auto parent = python_string(down);
      if (!parent) throw error(fmt::format("{}: `down_revision` must be None, a string or a tuple of strings", file_name));
      revision.parents.push_back(*parent);
      down = trim(down);
      if (down.starts_with(",")) down.remove_prefix(1);
    }
  } else {
    throw error(fmt::format("{}: `down_revision` must be None, a string or a tuple of strings", file_name));
  }

  // The module docstring: its first line is the description, and Alembic writes `Create Date:` inside it.
  std::size_t at = 0;
  while (at < lines.size() && (trim(lines[at]).empty() || trim(lines[at]).starts_with("#"))) ++at;
  if (at < lines.size()) {
    std::string_view first = trim(lines[at]);
    if (first.starts_with("r")) first.remove_prefix(1);
    const std::string_view quotes = first.starts_with("\"\"\"") ? "\"\"\"" : first.starts_with("'''") ? "'''" : "";
    if (!quotes.empty()) {
      std::string_view body = first.substr(3);
      bool closed = false;
      for (std::size_t i = at;; body = trim(lines[++i])) {
        const std::size_t end = body.find(quotes);
        if (end != std::string_view::npos) {
          body = body.substr(0, end);
          closed = true;
        }
        if (revision.description.empty()) revision.description = std::string(trim(body));
        if (body.starts_with("Create Date:")) revision.created = std::string(trim(body.substr(12)));
        if (closed || i + 1 >= lines.size()) break;
      }
    }
  }
  if (revision.description.empty()) {
    for (std::string_view line : lines) {
      line = trim(line);
      if (line.starts_with("#!") || line.starts_with("# -*-") || line.starts_with("# coding")) continue;
      if (line.starts_with("#")) {
        revision.description = std::string(trim(line.substr(1)));
        if (!revision.description.empty()) break;
      }
    }
  }
  if (revision.description.empty()) {
    std::string stem = std::filesystem::path(std::string(file_name)).stem().string();
    if (stem.starts_with(revision.id + "_")) stem.erase(0, revision.id.size() + 1);  // Alembic's <id>_<slug>.py
    std::replace(stem.begin(), stem.end(), '_', ' ');
    revision.description = stem;
  }
  return revision;
}

namespace {

/// One token of Go source: an identifier or number, a decoded string, or one punctuation character.
struct go_token {
  enum kind_t { word, string, punct } kind;
  std::string text;
  int line;
};

std::vector<go_token> go_tokens(std::string_view text, std::string_view file_name) {
  std::vector<go_token> tokens;
  int line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (text.substr(i).starts_with("//")) {
      i = text.find('\n', i);
      if (i == std::string_view::npos) break;
    } else if (text.substr(i).starts_with("/*")) {
      const std::size_t end = text.find("*/", i + 2);
      if (end == std::string_view::npos) break;
      line += static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(i), text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
      i = end + 2;
    } else if (c == '`') {
      const std::size_t end = text.find('`', i + 1);
      if (end == std::string_view::npos) throw error(fmt::format("{}:{}: unterminated raw string", file_name, line));
      std::string value;
      for (char ch : text.substr(i + 1, end - i - 1))
        if (ch != '\r') value += ch;  // Go drops carriage returns from raw strings
      tokens.push_back({go_token::string, value, line});
      line += static_cast<int>(std::count(value.begin(), value.end(), '\n'));
      i = end + 1;
    } else if (c == '"' || c == '\'') {
      std::string value;
      std::size_t j = i + 1;
      for (; j < text.size() && text[j] != c && text[j] != '\n'; ++j) {
        if (text[j] != '\\' || j + 1 >= text.size()) {
          value += text[j];
          continue;
        }
        const char escaped = text[++j];
        switch (escaped) {
          case 'n': value += '\n'; break;
          case 't': value += '\t'; break;
          case 'r': value += '\r'; break;
          default: value += escaped; break;
        }
      }
      if (j >= text.size() || text[j] != c) throw error(fmt::format("{}:{}: unterminated string", file_name, line));
      tokens.push_back({go_token::string, value, line});
      i = j + 1;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
      tokens.push_back({go_token::word, std::string(text.substr(i, j - i)), line});
      i = j;
    } else {
      tokens.push_back({go_token::punct, std::string(1, c), line});
      ++i;
    }
  }
  return tokens;
}

}  // namespace

std::vector<foreign_revision> parse_go_migrations(std::string_view text, std::string_view file_name) {
  const std::vector<go_token> tokens = go_tokens(text, file_name);
  struct literal {
    std::map<std::string, std::string> fields;
    int line = 0;
  };
  std::vector<literal> open;  // one per `{` being read
  std::map<long long, foreign_revision> by_version;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const go_token& token = tokens[i];
    if (token.kind == go_token::punct && token.text == "{") {
      open.push_back({{}, token.line});
    } else if (token.kind == go_token::punct && token.text == "}") {
      if (open.empty()) continue;
      literal done = std::move(open.back());
      open.pop_back();
      if (!done.fields.contains("Version")) continue;
      const std::string where = fmt::format("{}:{}", file_name, done.line);
      const std::string& version_text = done.fields["Version"];
      long long version = 0;
      try {
        std::size_t used = 0;
        version = std::stoll(version_text, &used);
        if (used != version_text.size() || version < 0) throw std::invalid_argument("");
      } catch (const std::exception&) {
        throw error(fmt::format("{}: Version {} is not a non-negative integer", where, version_text));
      }
      if (!done.fields.contains("Up")) throw error(fmt::format("{}: migration {} has no Up", where, version));
      foreign_revision revision;
      revision.source = where;
      revision.id = std::to_string(version);
      revision.description = done.fields["Description"];
      revision.up = done.fields["Up"];
      revision.down = done.fields["Down"];
      if (const auto same = by_version.find(version); same != by_version.end())
        throw error(fmt::format("{} and {}: both declare Version {}", same->second.source, where, version));
      by_version.emplace(version, std::move(revision));
    } else if (!open.empty() && token.kind == go_token::word && i + 2 < tokens.size() && tokens[i + 1].text == ":" &&
               (token.text == "Version" || token.text == "Description" || token.text == "Up" || token.text == "Down")) {
      std::string value = tokens[i + 2].text;
      i += 2;
      // Adjacent strings joined by `+`.
      while (tokens[i].kind == go_token::string && i + 2 < tokens.size() && tokens[i + 1].text == "+" &&
             tokens[i + 2].kind == go_token::string) {
        value += tokens[i + 2].text;
        i += 2;
      }
      open.back().fields[token.text] = value;
    }
  }
  std::vector<foreign_revision> revisions;
  for (auto& [version, revision] : by_version) {
    if (!revisions.empty()) revision.parents = {revisions.back().id};
    revisions.push_back(std::move(revision));
  }
  if (revisions.empty()) throw error(fmt::format("{}: no `{{Version: N, ...}}` migration literal found", file_name));
  return revisions;
}

std::string strip_alembic_bookkeeping(std::string_view rendered) {
  static constexpr std::string_view bookkeeping[] = {
      "BEGIN;", "COMMIT;", "-- Running ", "CREATE TABLE alembic_version", "INSERT INTO alembic_version",
      "UPDATE alembic_version", "DELETE FROM alembic_version", "DROP TABLE alembic_version"};
  // Alembic separates statements by a blank line.
  std::string kept;
  std::string normalised;
  for (char c : rendered)
    if (c != '\r') normalised += c;
  std::string_view rest = normalised;
  while (!rest.empty()) {
    std::size_t end = rest.find("\n\n");
    std::string_view block = rest.substr(0, end);
    const std::size_t first = block.find_first_not_of(" \t\n");
    block = first == std::string_view::npos ? std::string_view{}
                                            : block.substr(first, block.find_last_not_of(" \t\n") - first + 1);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 2);
    if (block.empty()) continue;
    const bool users_statement = std::none_of(std::begin(bookkeeping), std::end(bookkeeping),
                                              [&](std::string_view prefix) { return block.starts_with(prefix); });
    if (!users_statement) continue;
    if (!kept.empty()) kept += "\n\n";
    kept += block;
  }
  return kept;
}

}  // namespace migrate_new
