#include <migrate_new/templates.hpp>

#include <migrate_new/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace migrate_new {

std::string render_template(std::string_view text, const template_values& values, std::string_view template_name) {
  std::string rendered;
  int line = 1;
  auto fail = [&](std::string_view what) { throw error(fmt::format("{}:{}: {}", template_name, line, what)); };
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t dollar = text.find('$', pos);
    const std::string_view literal = text.substr(pos, dollar == std::string_view::npos ? std::string_view::npos : dollar - pos);
    rendered += literal;
    line += static_cast<int>(std::count(literal.begin(), literal.end(), '\n'));
    if (dollar == std::string_view::npos) break;
    const std::string_view rest = text.substr(dollar);
    if (rest.starts_with("$$")) {
      rendered += '$';
      pos = dollar + 2;
    } else if (rest.starts_with("${")) {
      const std::size_t close = rest.find('}');
      if (close == std::string_view::npos || rest.substr(0, close).find('\n') != std::string_view::npos)
        fail("'${' without a closing '}' on the same line");
      const std::string_view name = rest.substr(2, close - 2);
      const auto value = values.find(name);
      if (value == values.end()) {
        std::vector<std::string_view> known;
        for (const auto& [known_name, unused] : values) known.push_back(known_name);
        fail(fmt::format("unknown placeholder ${{{}}}; known: ${{{}}}", name, fmt::join(known, "}, ${")));
      }
      rendered += value->second;
      pos = dollar + close + 1;
    } else {
      rendered += '$';
      pos = dollar + 1;
    }
  }
  return rendered;
}

}  // namespace migrate_new
