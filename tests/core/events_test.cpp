#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include <migrate/core/detail/join.hpp>
#include <migrate/core/detail/json_writer.hpp>
#include <migrate/core/events.hpp>

namespace {
std::string write_with(migrate::event_sink (*make)(std::FILE*), const migrate::event& e) {
  std::FILE* file = std::tmpfile();
  make(file)(e);
  std::rewind(file);
  std::string out;
  for (int c; (c = std::fgetc(file)) != EOF;) out += static_cast<char>(c);
  std::fclose(file);
  return out;
}
}  // namespace

TEST_CASE("text and JSON-lines sinks render events", "[events]") {
  migrate::event e{migrate::event_kind::applied, "3f2a", "add \"phone\"\n", std::chrono::milliseconds(12), "", "sqlite:x.db"};
  auto text = write_with(migrate::text_sink, e);
  CHECK(text == "migrate: applied 3f2a add \"phone\"\n (12 ms)\n");
  auto json = write_with(migrate::json_lines_sink, e);
  CHECK_THAT(json, Catch::Matchers::StartsWith("{\"event\":\"applied\",\"at\":\""));
  CHECK_THAT(json, Catch::Matchers::Contains(
                       "\"store\":\"sqlite:x.db\",\"revision\":\"3f2a\",\"description\":\"add \\\"phone\\\"\\n\","
                       "\"duration_ms\":12}\n"));
}

TEST_CASE("the text sink says what a starting step does", "[events]") {
  migrate::event e{migrate::event_kind::step_started, "3f2a", "add phone", {}, "applying 2/5", "sqlite:x.db"};
  CHECK(write_with(migrate::text_sink, e) == "migrate: applying 2/5 3f2a add phone\n");
  CHECK_THAT(write_with(migrate::json_lines_sink, e), Catch::Matchers::Contains("\"event\":\"step_started\""));
}

TEST_CASE("events reach every sink in order; none means silence", "[events]") {
  std::string order;
  migrate::events sinks{[&](const migrate::event&) { order += 'a'; }};
  sinks.add([&](const migrate::event& e) { order += migrate::to_string(e.kind); });
  sinks.emit({migrate::event_kind::lock_wait, {}, {}, {}, {}, {}});
  CHECK(order == "alock_wait");
  CHECK(migrate::events{}.empty());
}

TEST_CASE("JSON strings escape every control character as \\u00XX, lowercase hex", "[events]") {
  std::string out;
  migrate::detail::append_json_string(out, std::string_view("a\x01\x1f\x7f\tb", 6));
  CHECK(out == "\"a\\u0001\\u001f\x7f\\tb\"");
  migrate::event e{migrate::event_kind::applied, "3f2a", std::string("bell\x07", 5), {}, "applied", "sqlite:x.db"};
  CHECK_THAT(write_with(migrate::json_lines_sink, e), Catch::Matchers::Contains("\"description\":\"bell\\u0007\""));
}

TEST_CASE("messages join revision lists with the separator between, never after", "[events]") {
  CHECK(migrate::detail::join_text(std::vector<std::string>{}, ", ").empty());
  CHECK(migrate::detail::join_text(std::vector<std::string>{"a1"}, ", ") == "a1");
  std::vector<std::string_view> ids{"a1", "b2", "c3"};
  CHECK(migrate::detail::join_text(ids, ", ") == "a1, b2, c3");
  CHECK(migrate::detail::join_text(ids.begin(), ids.begin() + 2, "; ") == "a1; b2");
}
