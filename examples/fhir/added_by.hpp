#pragma once
// Helpers shared by the example migrations: every element a migration adds carries an extension naming
// the migration, so its downgrade removes exactly what it added and nothing that was there before. An element
// that was already there gets a "kept" mark instead, so the downgrade leaves it. An element with neither mark
// was added by the origin (Python) tool, which marks nothing: the downgrade removes it as the origin would.

#include <string_view>

#include <boost/json.hpp>

namespace fhir_example {

inline constexpr std::string_view added_by_url = "https://migrate.dev/fhir/StructureDefinition/added-by-migration";
inline constexpr std::string_view kept_by_url = "https://migrate.dev/fhir/StructureDefinition/kept-by-migration";
inline constexpr std::string_view clarity_system = "uwDAL_Clarity";
inline constexpr std::string_view mrn_system = "urn:oid:1.2.3.4.5.6.7.8.9.10.11.12.13";

/// `element` with the added-by mark of `revision`.
inline boost::json::object mark(boost::json::object element, std::string_view revision) {
  element["extension"] = boost::json::array{boost::json::object{{"url", added_by_url}, {"valueString", revision}}};
  return element;
}

/// True when `extension` is the mark `url` (added-by by default) of `revision`.
inline bool is_mark(const boost::json::value& extension, std::string_view revision,
                    std::string_view url_wanted = added_by_url) {
  auto* e = extension.if_object();
  if (!e) return false;
  auto* url = e->if_contains("url");
  auto* value = e->if_contains("valueString");
  return url && url->is_string() && url->get_string() == url_wanted && value && value->is_string() &&
         value->get_string() == revision;
}

/// True when `element` carries the mark `url` (added-by by default) of `revision`.
inline bool marked(const boost::json::value& element, std::string_view revision,
                   std::string_view url = added_by_url) {
  auto* object = element.if_object();
  auto* extensions = object ? object->if_contains("extension") : nullptr;
  if (!extensions || !extensions->is_array()) return false;
  for (const auto& ext : extensions->get_array())
    if (is_mark(ext, revision, url)) return true;
  return false;
}

/// Removes the marks `url` (added-by by default) of `revision` from `resource.extension` itself; true when any was.
inline bool remove_marks(boost::json::object& resource, std::string_view revision,
                         std::string_view url = added_by_url) {
  auto* list = resource.if_contains("extension");
  if (!list || !list->is_array()) return false;
  auto& array = list->get_array();
  auto before = array.size();
  for (auto it = array.begin(); it != array.end();) it = is_mark(*it, revision, url) ? array.erase(it) : it + 1;
  bool removed = array.size() != before;
  if (array.empty()) resource.erase("extension");
  return removed;
}

/// Appends `element` to array member `key` of `resource`.
inline void append(boost::json::object& resource, std::string_view key, boost::json::object element) {
  auto& list = resource[key];
  if (!list.is_array()) list = boost::json::array{};
  list.get_array().push_back(std::move(element));
}

/// Removes the elements of array member `key` marked by `revision`; true when any was removed.
inline bool remove_marked(boost::json::object& resource, std::string_view key, std::string_view revision) {
  auto* list = resource.if_contains(key);
  if (!list || !list->is_array()) return false;
  auto& array = list->get_array();
  auto before = array.size();
  for (auto it = array.begin(); it != array.end();) it = marked(*it, revision) ? array.erase(it) : it + 1;
  bool removed = array.size() != before;
  if (array.empty()) resource.erase(key);
  return removed;
}

/// True when `item` is an object with `system` and `value`.
inline bool same(const boost::json::value& item, std::string_view system, std::string_view value) {
  auto* o = item.if_object();
  if (!o) return false;
  auto* s = o->if_contains("system");
  auto* v = o->if_contains("value");
  return s && v && s->is_string() && v->is_string() && s->get_string() == system && v->get_string() == value;
}

/// True when array member `key` has an element with `system` and `value`.
inline bool has(const boost::json::object& resource, std::string_view key, std::string_view system,
                std::string_view value) {
  auto* list = resource.if_contains(key);
  if (!list || !list->is_array()) return false;
  for (const auto& item : list->get_array())
    if (same(item, system, value)) return true;
  return false;
}

/// Adds `element` (with `system` and `value`) to array member `key` marked as added by `revision`, or, when an
/// equal element is already there, marks that one as kept; true when `resource` changed.
inline bool add_once(boost::json::object& resource, std::string_view key, boost::json::object element,
                     std::string_view revision) {
  std::string system(element.at("system").as_string()), value(element.at("value").as_string());
  if (auto* list = resource.if_contains(key); list && list->is_array())
    for (auto& item : list->get_array())
      if (same(item, system, value)) {
        if (marked(item, revision) || marked(item, revision, kept_by_url)) return false;
        append(item.as_object(), "extension", {{"url", kept_by_url}, {"valueString", revision}});
        return true;
      }
  append(resource, key, mark(std::move(element), revision));
  return true;
}

/// Undoes `add_once` of the element `system`/`value` in array member `key`: removes it when `revision` added it,
/// drops the kept mark when it was there before, and with neither mark (the origin tool added it, marking nothing)
/// removes the last such element, as the origin's downgrade would; true when `resource` changed.
inline bool undo_add(boost::json::object& resource, std::string_view key, std::string_view system,
                     std::string_view value, std::string_view revision) {
  auto* list = resource.if_contains(key);
  if (!list || !list->is_array()) return false;
  auto& array = list->get_array();
  for (auto it = array.begin(); it != array.end(); ++it) {
    if (!same(*it, system, value)) continue;
    if (marked(*it, revision)) {
      array.erase(it);
    } else if (marked(*it, revision, kept_by_url)) {
      remove_marks(it->as_object(), revision, kept_by_url);
      return true;
    } else {
      continue;
    }
    if (array.empty()) resource.erase(key);
    return true;
  }
  for (auto it = array.end(); it != array.begin();) {
    --it;
    if (!same(*it, system, value)) continue;
    array.erase(it);
    if (array.empty()) resource.erase(key);
    return true;
  }
  return false;
}

}  // namespace fhir_example
