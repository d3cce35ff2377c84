// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// A minimal JSON *writer* for audit events and `--json` output; core stays free of Boost.JSON (a compiled library).

#include <cstdint>
#include <vector>
#include <string>
#include <string_view>


namespace migrate::inline MIGRATE_ABI_NAMESPACE::detail {

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
        if (c < 0x20) {
          // By hand: fmt::format_to into a std::string instantiates fmt's whole formatting engine in every TU.
          constexpr std::string_view hex = "0123456789abcdef";
          ((out += "\\u00") += hex[c >> 4]) += hex[c & 0xf];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

/// Builds one JSON object field by field; nested values go in through `add_raw`.
class json_object {
 public:
  json_object& add(std::string_view key, std::string_view value) {
    append_json_string(key_(key), value);
    return *this;
  }
  json_object& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
  json_object& add(std::string_view key, const std::string& value) { return add(key, std::string_view(value)); }
  json_object& add(std::string_view key, bool value) {
    key_(key) += value ? "true" : "false";
    return *this;
  }
  json_object& add(std::string_view key, std::int64_t value) {
    key_(key) += std::to_string(value);
    return *this;
  }
  json_object& add_count(std::string_view key, std::size_t value) {
    return add(key, static_cast<std::int64_t>(value));
  }
  json_object& add_null(std::string_view key) { return add_raw(key, "null"); }
  json_object& add_raw(std::string_view key, std::string_view json) {
    key_(key) += json;
    return *this;
  }
  json_object& add_strings(std::string_view key, const std::vector<std::string>& values) {
    std::string array = "[";
    for (const auto& v : values) {
      if (array.size() > 1) array += ',';
      append_json_string(array, v);
    }
    return add_raw(key, array + ']');
  }
  /// Appends every field of `other` (for envelopes around a command's own fields).
  json_object& merge(const json_object& other) {
    if (other.body_.empty()) return *this;
    if (!body_.empty()) body_ += ',';
    body_ += other.body_;
    return *this;
  }
  std::string str() const { return '{' + body_ + '}'; }

 private:
  std::string& key_(std::string_view key) {
    if (!body_.empty()) body_ += ',';
    append_json_string(body_, key);
    body_ += ':';
    return body_;
  }
  std::string body_;
};

class json_array {
 public:
  json_array& push(const json_object& object) { return push_raw(object.str()); }
  json_array& push_raw(std::string_view json) {
    if (!body_.empty()) body_ += ',';
    body_ += json;
    return *this;
  }
  std::string str() const { return '[' + body_ + ']'; }

 private:
  std::string body_;
};

}  // namespace migrate::detail
