// SPDX-License-Identifier: MIT
// The checkpointed bulk update of <migrate/fhir/session.hpp>, compiled once into migrate::fhir.
#include <migrate/core/version.hpp>
#include <migrate/fhir/session.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

update_report session::update_each(update_options options,
                                   const std::function<bool(boost::json::object&)>& transform, std::string_view key) {
  if (auto saved = checkpoint(key); saved && !options.resume_from)
    options.resume_from = scan_checkpoint::from_json(*saved);
  else if (!saved && keeper_ && !revision_.empty())
    keeper_->save_checkpoint(revision_, key, options.resume_from.value_or(scan_checkpoint{}).to_json());
  auto user_callback = std::move(options.on_page_done);
  std::string saved_key(key);
  options.on_page_done = [this, user_callback, saved_key](const scan_checkpoint& at) {
    if (keeper_ && !revision_.empty()) keeper_->save_checkpoint(revision_, saved_key, at.to_json());
    if (user_callback) user_callback(at);
  };
  return fhir::update_each(*client_, options, transform);
}

}  // namespace migrate::fhir
