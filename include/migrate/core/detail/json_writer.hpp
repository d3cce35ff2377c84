#pragma once
// A minimal JSON *writer* for events and CLI output; core stays free of Boost.JSON (a compiled library).

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace migrate::detail {

/// Appends `text` as a quoted JSON string.
inline void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20)
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
        else
          out += static_cast<char>(c);
    }
  }
  out += '"';
}

/// Builds one flat-or-nested JSON object; callers open and close nested values themselves.
class json_object_writer {
 public:
  json_object_writer() { out_ += '{'; }
  json_object_writer& field(std::string_view key, std::string_view value) {
    key_(key);
    append_json_string(out_, value);
    return *this;
  }
  json_object_writer& field(std::string_view key, const char* value) { return field(key, std::string_view(value)); }
  json_object_writer& field(std::string_view key, std::int64_t value) {
    key_(key);
    fmt::format_to(std::back_inserter(out_), "{}", value);
    return *this;
  }
  json_object_writer& field(std::string_view key, bool value) {
    key_(key);
    out_ += value ? "true" : "false";
    return *this;
  }
  /// Inserts already-serialised JSON (an array or object) as the value of `key`.
  json_object_writer& raw(std::string_view key, std::string_view json) {
    key_(key);
    out_ += json;
    return *this;
  }
  std::string str() const { return out_ + '}'; }

 private:
  void key_(std::string_view key) {
    if (out_.size() > 1) out_ += ',';
    append_json_string(out_, key);
    out_ += ':';
  }
  std::string out_;
};

}  // namespace migrate::detail
