// Colour (terminal only, never with --json or NO_COLOR) and the progress display.

#include "harness.hpp"
#include "registries.hpp"

using namespace cli_test;

namespace {
bool coloured(const std::string& text) { return text.find("\x1b[") != std::string::npos; }
migrate::event make_event(migrate::event_kind kind, std::string revision = {}, std::string description = {}) {
  migrate::event e;
  e.kind = kind;
  e.revision = std::move(revision);
  e.description = std::move(description);
  return e;
}
}  // namespace

TEST_CASE("colour only on a terminal") {
  sandbox box;
  box.terminal = false;
  CHECK_FALSE(coloured(box.run<v1>({"status"}).out));
  box.terminal = true;
  auto on_terminal = box.run<v1>({"status"});
  CHECK(coloured(on_terminal.out));
  CHECK(coloured(box.run<v1>({"statsu"}).err));
}

TEST_CASE("NO_COLOR turns colour off; --color decides explicitly") {
  sandbox box;
  box.terminal = true;
  box.env["NO_COLOR"] = "1";
  CHECK_FALSE(coloured(box.run<v1>({"status"}).out));
  CHECK_FALSE(coloured(box.run<v1>({"statsu"}).err));
  CHECK(coloured(box.run<v1>({"status", "--color=always"}).out));
  box.env["NO_COLOR"] = "";  // set but empty does not count (no-color.org)
  CHECK(coloured(box.run<v1>({"status"}).out));
  CHECK_FALSE(coloured(box.run<v1>({"status", "--color", "never"}).out));
  CHECK_FALSE(coloured(box.run<v1>({"status", "--no-color"}).out));
  box.terminal = false;
  CHECK(coloured(box.run<v1>({"status", "--color", "always"}).out));
}

TEST_CASE("JSON output is never coloured and never shows progress") {
  sandbox box;
  box.terminal = true;
  for (auto args : {std::vector<std::string_view>{"status", "--json", "--color=always"},
                    std::vector<std::string_view>{"upgrade", "--json", "--color=always"},
                    std::vector<std::string_view>{"history", "--json"},
                    std::vector<std::string_view>{"statsu", "--json"}}) {
    memory_stream out, err;
    migrate::cli::run<v1>(std::span<const std::string_view>(args), box.options(out.file(), err.file()));
    auto o = out.text(), e = err.text();
    CHECK_FALSE(coloured(o));
    CHECK(e.empty());
    CHECK(o.starts_with("{\"command\":"));
  }
}

TEST_CASE("progress: one live line on a terminal for runs of several migrations") {
  sandbox box;
  box.terminal = true;
  box.env["NO_COLOR"] = "1";
  auto r = box.run<v1>({"upgrade"});
  CHECK(r.exit == 0);
  CHECK(r.err.find("\r\x1b[2K[1/4] applying 1a2b3c4d5e6f create patients") != std::string::npos);
  CHECK(r.err.find("[4/4] applying 4d5e6f708192 index patient names") != std::string::npos);
  CHECK(r.err.find("s total)") != std::string::npos);
  CHECK(r.err.ends_with("\r\x1b[2K"));  // the line is gone once the run ends
  CHECK(r.out.find("  applied   1a2b3c4d5e6f  create patients") != std::string::npos);

  auto down = box.run<v1>({"downgrade", "-2"});
  CHECK(down.err.find("[1/2] reverting 4d5e6f708192 index patient names") != std::string::npos);
  auto single = box.run<v1>({"downgrade"});
  CHECK(single.err.empty());  // a single step needs no progress line
}

TEST_CASE("progress: off when stderr is not a terminal") {
  sandbox box;
  box.terminal = false;
  auto r = box.run<v1>({"upgrade"});
  CHECK(r.exit == 0);
  CHECK(r.err.empty());
}

TEST_CASE("progress_display names the step in progress and follows the events") {
  memory_stream stream;
  {
    migrate::cli::progress_display progress(stream.file(), {{"aaa", "first", migrate::direction::up},
                                                           {"bbb", "second", migrate::direction::up}});
    auto sink = progress.sink();
    sink(make_event(migrate::event_kind::run_started));
    sink(make_event(migrate::event_kind::applied, "aaa", "first"));
    progress.print_above([&] { std::fputs("between\n", stream.file()); });
    sink(make_event(migrate::event_kind::applied, "bbb", "second"));
    sink(make_event(migrate::event_kind::run_finished));
  }
  auto text = stream.text();
  CHECK(text.find("[1/2] applying aaa first") != std::string::npos);
  CHECK(text.find("[2/2] applying bbb second") != std::string::npos);
  CHECK(text.find("\r\x1b[2Kbetween\n") != std::string::npos);
}
