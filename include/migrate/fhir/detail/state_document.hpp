// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
// The migration-state `Basic` resource as data: reading our extensions (and the origin tool's bare
// `code.coding[0].code`) out of it, and writing them back without disturbing anything else in it.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <migrate/core/state.hpp>
#include <migrate/core/detail/utc_time.hpp>
#include <migrate/fhir/detail/json.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

/// `Basic.identifier.system` of the state resource, as the origin (Python) tool writes it.
inline constexpr std::string_view state_identifier_system = "http://fhir.migration.system";
/// `Basic.code.coding[0].system`, as the origin tool writes it.
inline constexpr std::string_view state_code_system = "http://our.migration.system";
/// The code the origin tool puts in a state resource it creates, just before it records the migration it ran.
/// Read as "nothing applied"; never written, since the origin tool itself cannot read it back (at base the origin
/// leaves `code.coding[0]` without a code).
inline constexpr std::string_view state_base_code = "updated-code";
/// `MIGRATION_RESOURCE_ID` when the environment does not set it (the origin tool's default).
inline constexpr std::string_view default_state_resource_id = "e61c4580-2493-417f-a26c-26faa8eb70ba";
/// Namespace of migrate's own extensions on the state resource and of its AuditEvent codes.
inline constexpr std::string_view extension_namespace = "https://migrate.dev/fhir/StructureDefinition/";
inline constexpr std::string_view audit_type_system = "https://migrate.dev/fhir/CodeSystem/migration-event";
inline constexpr std::string_view audit_revision_system = "https://migrate.dev/fhir/CodeSystem/migration-revision";

}  // namespace migrate::fhir

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir::detail {

inline const std::string& state_url() {
  static const std::string url = std::string(extension_namespace) + "migration-state";
  return url;
}
inline const std::string& applied_url() {
  static const std::string url = std::string(extension_namespace) + "migration-applied";
  return url;
}
inline const std::string& lock_url() {
  static const std::string url = std::string(extension_namespace) + "migration-lock";
  return url;
}
inline const std::string& checkpoint_url() {
  static const std::string url = std::string(extension_namespace) + "migration-checkpoint";
  return url;
}

/// The lease `lock()` writes into the resource.
struct lease {
  std::string owner;           ///< "migrate@host pid 123 #a1b2c3d4"
  std::string acquired;        ///< UTC dateTime, the holder's clock
  std::string expires;         ///< UTC dateTime, the holder's clock; renewed by the heartbeat
  std::int64_t ttl_ms = 0;
};

/// A bulk migration's saved position.
struct checkpoint_entry {
  std::string revision;
  std::string key;
  std::string value;
};

/// One applied (or in-progress) migration as the resource records it.
struct state_row {
  applied_migration row;
  std::string operation;  ///< while in_progress: "up" (being applied) or "down" (being reverted)
};

/// Everything the state resource says.
struct state_document {
  bool has_migrate_state = false;  ///< migrate wrote it (our migration-state extension is present)
  std::string code;                ///< `code.coding[0].code`, "" when absent
  std::string recorded_head;       ///< the code migrate last wrote; differs from `code` once the origin tool wrote
  std::string write_id;            ///< nonce of migrate's last write, to recognise our own write after a 412
  std::string last_updated;        ///< `meta.lastUpdated` of the resource read
  std::vector<state_row> rows;
  std::optional<lease> lock;
  std::vector<checkpoint_entry> checkpoints;

  state_row* find(std::string_view revision) {
    for (auto& r : rows)
      if (r.row.revision == revision) return &r;
    return nullptr;
  }
  void erase(std::string_view revision) {
    std::erase_if(rows, [&](const state_row& r) { return r.row.revision == revision; });
  }
  void clear_checkpoints(std::string_view revision) {
    std::erase_if(checkpoints, [&](const checkpoint_entry& c) { return c.revision == revision; });
  }
  const checkpoint_entry* checkpoint(std::string_view revision, std::string_view key) const {
    for (const auto& c : checkpoints)
      if (c.revision == revision && c.key == key) return &c;
    return nullptr;
  }
  bool has_checkpoint(std::string_view revision) const {
    return std::any_of(checkpoints.begin(), checkpoints.end(), [&](const auto& c) { return c.revision == revision; });
  }
};

/// A FHIR instant in UTC with milliseconds ("2026-11-22T10:00:00.123Z").
inline std::string utc_timestamp(std::chrono::system_clock::time_point at) { return migrate::detail::utc_timestamp(at, true); }

/// Parses the instants we write ("2026-11-22T10:00:00.123Z" or without fraction); nullopt otherwise.
inline std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view text) {
  return migrate::detail::parse_utc_timestamp(text);
}

inline const boost::json::object* sub_extension(const boost::json::object& ext, std::string_view url) {
  auto* list = ext.if_contains("extension");
  if (!list || !list->is_array()) return nullptr;
  for (const auto& item : list->get_array())
    if (auto* object = item.if_object(); object && member_string(*object, "url") == url) return object;
  return nullptr;
}
inline std::string sub_string(const boost::json::object& ext, std::string_view url) {
  auto* sub = sub_extension(ext, url);
  if (!sub) return {};
  for (auto key : {"valueString", "valueDateTime", "valueInstant", "valueCode"})
    if (auto v = member_string(*sub, key); !v.empty()) return std::string(v);
  return {};
}
inline std::int64_t sub_integer(const boost::json::object& ext, std::string_view url) {
  auto* sub = sub_extension(ext, url);
  if (!sub) return 0;
  auto* value = sub->if_contains("valueInteger");
  return value && value->is_number() ? value->to_number<std::int64_t>() : 0;
}
inline bool sub_boolean(const boost::json::object& ext, std::string_view url) {
  auto* sub = sub_extension(ext, url);
  if (!sub) return false;
  auto* value = sub->if_contains("valueBoolean");
  return value && value->is_bool() && value->get_bool();
}

inline boost::json::object string_part(std::string_view url, std::string_view value, std::string_view type = "valueString") {
  return {{"url", url}, {type, value}};
}
inline boost::json::object integer_part(std::string_view url, std::int64_t value) {
  // valueInteger is a signed 32-bit integer in FHIR.
  auto clamped = std::clamp<std::int64_t>(value, 0, std::numeric_limits<std::int32_t>::max());
  return {{"url", url}, {"valueInteger", clamped}};
}

/// The first coding's code of `Basic.code`, or "".
inline std::string state_code_of(const boost::json::object& basic) {
  auto* code = basic.if_contains("code");
  if (!code || !code->is_object()) return {};
  auto* coding = code->get_object().if_contains("coding");
  if (!coding || !coding->is_array() || coding->get_array().empty()) return {};
  auto* first = coding->get_array().front().if_object();
  return first ? std::string(member_string(*first, "code")) : std::string();
}

/// Reads the state out of a state resource.
inline state_document read_state(const boost::json::object& basic) {
  state_document doc;
  doc.code = state_code_of(basic);
  if (auto* meta = basic.if_contains("meta"); meta && meta->is_object())
    doc.last_updated = member_string(meta->get_object(), "lastUpdated");
  auto* list = basic.if_contains("extension");
  if (!list || !list->is_array()) return doc;
  for (const auto& item : list->get_array()) {
    auto* ext = item.if_object();
    if (!ext) continue;
    auto url = member_string(*ext, "url");
    if (url == state_url()) {
      doc.has_migrate_state = true;
      doc.recorded_head = sub_string(*ext, "head");
      doc.write_id = sub_string(*ext, "write");
    } else if (url == applied_url()) {
      state_row r;
      r.row.revision = sub_string(*ext, "revision");
      r.row.description = sub_string(*ext, "description");
      r.row.checksum = sub_string(*ext, "checksum");
      r.row.applied_at = sub_string(*ext, "appliedAt");
      r.row.execution_ms = sub_integer(*ext, "executionMs");
      r.row.in_progress = sub_boolean(*ext, "inProgress");
      r.operation = sub_string(*ext, "operation");
      if (!r.row.revision.empty()) doc.rows.push_back(std::move(r));
    } else if (url == lock_url()) {
      lease l{sub_string(*ext, "owner"), sub_string(*ext, "acquired"), sub_string(*ext, "expires"),
              sub_integer(*ext, "ttlMs")};
      if (!l.owner.empty()) doc.lock = std::move(l);
    } else if (url == checkpoint_url()) {
      doc.checkpoints.push_back({sub_string(*ext, "revision"), sub_string(*ext, "key"), sub_string(*ext, "value")});
    }
  }
  return doc;
}

/// Writes `doc` into `basic`: our extensions are replaced (others kept, in order) and `code.coding[0]` is set to
/// `doc.code` in the origin tool's code system (at base, "" or `updated-code`, the coding has no code, as the origin
/// tool leaves it); `doc.recorded_head` goes into our migration-state extension.
inline void write_state(boost::json::object& basic, const state_document& doc) {
  const bool at_base = doc.code.empty() || doc.code == state_base_code;
  boost::json::array extensions;
  if (auto* list = basic.if_contains("extension"); list && list->is_array())
    for (const auto& item : list->get_array()) {
      auto* ext = item.if_object();
      if (ext && member_string(*ext, "url").starts_with(extension_namespace)) continue;
      extensions.push_back(item);
    }
  // FHIR strings are never empty, so empty values are left out.
  boost::json::array state_parts{integer_part("format", 1)};
  if (!doc.recorded_head.empty()) state_parts.push_back(string_part("head", doc.recorded_head));
  if (!doc.write_id.empty()) state_parts.push_back(string_part("write", doc.write_id));
  extensions.push_back(boost::json::object{{"url", state_url()}, {"extension", std::move(state_parts)}});
  for (const auto& r : doc.rows) {
    boost::json::array parts{string_part("revision", r.row.revision)};
    if (!r.row.description.empty()) parts.push_back(string_part("description", r.row.description));
    if (!r.row.checksum.empty()) parts.push_back(string_part("checksum", r.row.checksum));
    if (!r.row.applied_at.empty()) parts.push_back(string_part("appliedAt", r.row.applied_at, "valueDateTime"));
    parts.push_back(integer_part("executionMs", r.row.execution_ms));
    if (r.row.in_progress) {
      parts.push_back(boost::json::object{{"url", "inProgress"}, {"valueBoolean", true}});
      parts.push_back(string_part("operation", r.operation.empty() ? "up" : r.operation, "valueCode"));
    }
    extensions.push_back(boost::json::object{{"url", applied_url()}, {"extension", std::move(parts)}});
  }
  if (doc.lock)
    extensions.push_back(boost::json::object{
        {"url", lock_url()},
        {"extension", boost::json::array{string_part("owner", doc.lock->owner),
                                         string_part("acquired", doc.lock->acquired, "valueDateTime"),
                                         string_part("expires", doc.lock->expires, "valueDateTime"),
                                         integer_part("ttlMs", doc.lock->ttl_ms)}}});
  for (const auto& c : doc.checkpoints)
    extensions.push_back(boost::json::object{
        {"url", checkpoint_url()},
        {"extension", boost::json::array{string_part("revision", c.revision), string_part("key", c.key),
                                         string_part("value", c.value)}}});
  basic["extension"] = std::move(extensions);

  // code.coding[0] is what the origin tool reads: keep any other codings and the text, set the first.
  auto* code = basic.if_contains("code");
  if (!code || !code->is_object()) code = &(basic["code"] = boost::json::object{});
  auto& code_object = code->get_object();
  auto* coding = code_object.if_contains("coding");
  if (!coding || !coding->is_array()) coding = &(code_object["coding"] = boost::json::array{});
  auto& codings = coding->get_array();
  if (codings.empty() || !codings.front().is_object()) {
    if (!codings.empty()) codings.erase(codings.begin());
    codings.insert(codings.begin(), boost::json::object{});
  }
  auto& first = codings.front().get_object();
  first["system"] = state_code_system;
  if (at_base)
    first.erase("code");
  else
    first["code"] = doc.code;
}

/// A new state resource as the origin tool leaves one at base: its coding without a code (nothing applied).
inline boost::json::object new_state_resource(std::string_view resource_id) {
  return boost::json::object{
      {"resourceType", "Basic"},
      {"identifier", boost::json::array{boost::json::object{{"system", state_identifier_system}, {"value", resource_id}}}},
      {"code", boost::json::object{{"coding", boost::json::array{boost::json::object{{"system", state_code_system}}}}}},
      {"created", migrate::detail::utc_date(std::chrono::system_clock::now())}};
}

}  // namespace migrate::fhir::detail
