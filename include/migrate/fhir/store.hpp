// SPDX-License-Identifier: MIT
#pragma once
#include <migrate/core/version.hpp>
/// `migrate::fhir::store`: migrations applied to a FHIR R4 server, their state kept in one `Basic` resource
/// laid out as the origin (Python) tool lays it out, with migrate's history, lease lock, in-progress markers
/// and checkpoints added as extensions, every write under If-Match, and an AuditEvent per step.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <unistd.h>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <migrate/core/chain.hpp>
#include <migrate/core/detail/exception_text.hpp>
#include <migrate/core/detail/lock_wait.hpp>
#include <migrate/core/errors.hpp>
#include <migrate/core/events.hpp>
#include <migrate/core/migration_info.hpp>
#include <migrate/core/migrator.hpp>
#include <migrate/core/state.hpp>
#include <migrate/core/store.hpp>
#include <migrate/fhir/auth.hpp>
#include <migrate/fhir/client.hpp>
#include <migrate/fhir/detail/state_document.hpp>
#include <migrate/fhir/errors.hpp>
#include <migrate/fhir/redact.hpp>
#include <migrate/fhir/session.hpp>

namespace migrate::inline MIGRATE_ABI_NAMESPACE::fhir {

/// How the FHIR store behaves.
struct store_options {
  std::string base_url = "http://fhir-internal:8080/fhir/";                 ///< `FHIR_URL`
  std::string resource_id = std::string(default_state_resource_id);        ///< `MIGRATION_RESOURCE_ID`
  http_options http{};                                                        ///< timeouts, retries, TLS, bearer token
  std::chrono::milliseconds lock_timeout{std::chrono::minutes(10)};        ///< wait for another runner's lease
  std::chrono::milliseconds lease_ttl{std::chrono::seconds(60)};           ///< a lease not renewed for this long is free
  std::chrono::milliseconds lock_poll{std::chrono::milliseconds(500)};     ///< longest re-read interval while waiting
  std::chrono::milliseconds lock_first_poll{std::chrono::milliseconds(10)}; ///< first re-read; doubles up to lock_poll
  bool heartbeat = true;            ///< renew the lease every lease_ttl / 3 while a run holds it
  bool audit_events = true;         ///< create an AuditEvent per applied, downgraded or failed migration
  bool resume_checkpointed = true;  ///< an interrupted migration that saved a checkpoint is re-run, not dirty

  /// `FHIR_URL` (default http://fhir-internal:8080/fhir/), `MIGRATION_RESOURCE_ID` (default
  /// e61c4580-2493-417f-a26c-26faa8eb70ba) and, when set, `FHIR_TOKEN` as bearer token.
  static store_options from_environment() {
    store_options options;
    if (const char* url = std::getenv("FHIR_URL"); url && *url) options.base_url = url;
    if (const char* id = std::getenv("MIGRATION_RESOURCE_ID"); id && *id) options.resource_id = id;
    if (const char* token = std::getenv("FHIR_TOKEN"); token && *token)
      options.http.auth = bearer_token(secret(token));
    return options;
  }
};

/// A FHIR R4 server as a migrate store. Not for use by several threads at once (one run at a time).
class store : private detail::checkpoint_keeper {
 public:
  using session_type = fhir::session;

  /// Holds the lease on the state resource; renews it while alive, releases it when destroyed.
  class lease_guard {
   public:
    lease_guard() = default;
    explicit lease_guard(store* owner) : store_(owner) {}
    lease_guard(lease_guard&& other) noexcept : store_(std::exchange(other.store_, nullptr)) {}
    lease_guard& operator=(lease_guard&& other) noexcept {
      if (this != &other) {
        release();
        store_ = std::exchange(other.store_, nullptr);
      }
      return *this;
    }
    ~lease_guard() { release(); }
    bool held() const noexcept { return store_ != nullptr; }

   private:
    void release() noexcept {
      if (store_) std::exchange(store_, nullptr)->release_lease();
    }
    store* store_ = nullptr;
  };

  explicit store(store_options options = store_options::from_environment())
      : options_(std::move(options)), client_(options_.base_url, options_.http), session_(client_, this) {
    owner_ = make_owner_id();
  }
  store(const store&) = delete;
  store& operator=(const store&) = delete;
  ~store() override { stop_heartbeat(); }

  /// "fhir:<base URL> Basic?identifier=<system>|<id>"; never holds a token or password.
  std::string describe() const {
    return fmt::format("fhir:{} Basic?identifier={}|{}", redact_url(options_.base_url), state_identifier_system,
                       options_.resource_id);
  }
  /// The session code migrations receive (the client, and checkpoints during a step).
  session_type& session() noexcept { return session_; }
  fhir::client& client() noexcept { return client_; }
  const store_options& options() const noexcept { return options_; }
  /// Who this store is when it holds the lease ("migrate@host pid 123 #1a2b3c4d").
  const std::string& owner() const noexcept { return owner_; }

  /// Tells the store the compiled chain, so that a state resource written by the origin tool (which records
  /// only the current revision) reads as that revision and all its ancestors applied. Every `migrate::migrator`
  /// calls it on construction (`migrate::chain_aware_store`).
  void bind_chain(std::span<const migration_info> migrations) { chain_.emplace(migrations); }

  /// Takes the lease written into the state resource (creating the resource when there is none); waits while
  /// another runner's lease is live, emitting lock_wait, and throws errc::lock_timeout after lock_timeout. It asks
  /// `still_needed` whenever it finds the lease free, the first look included, and returns a guard holding nothing
  /// when it says no (`detail::rechecking_lock_store`: the migrator's check that there is nothing to do).
  [[nodiscard]] lease_guard lock(const events& sinks, const migrate::detail::still_needed_check& still_needed = {});

  std::vector<applied_migration> load_state();
  void apply(const migration_info& m, const applied_migration& record, const step_body<session_type>& body);
  void revert(const migration_info& m, const step_body<session_type>& body);
  void replace_state(std::vector<applied_migration> rows);

  /// What a failed apply or revert of `m` left on the server and how to recover (FHIR has no transactions);
  /// the migrator appends it to the failure message (`migrate::failure_describing_store`).
  std::string describe_failed_step(const migration_info& m) const;

  /// The state resource as the server has it now, or nullopt when there is none.
  std::optional<boost::json::object> state_resource() {
    std::lock_guard guard(mutex_);
    return fetch();
  }
  /// Why the last AuditEvent could not be written ("" when it was); audit writes never fail a migration.
  std::string last_audit_error() const {
    std::lock_guard guard(mutex_);
    return last_audit_error_;
  }

 private:
  // How far the last apply or revert got.
  struct step_progress {
    enum class phase { not_started, running, recording };
    std::string revision;
    bool down = false;
    phase at = phase::not_started;
    bool resumable = false;  // it failed with a checkpoint saved: the next run resumes it
  };
  void progress(const migration_info& m, bool down, step_progress::phase at) {
    std::lock_guard guard(mutex_);
    failed_step_ = {std::string(m.revision), down, at, false};
  }

  // --- checkpoint_keeper ---
  std::optional<std::string> load_checkpoint(std::string_view revision, std::string_view key) override {
    std::lock_guard guard(mutex_);
    if (!holding_ || cache_.empty())
      if (auto fresh = fetch()) cache_ = std::move(*fresh);
    auto doc = detail::read_state(cache_);
    if (auto* c = doc.checkpoint(revision, key)) return c->value;
    return std::nullopt;
  }
  void save_checkpoint(std::string_view revision, std::string_view key, std::string_view value) override {
    write([&](detail::state_document& doc) {
      std::erase_if(doc.checkpoints, [&](const auto& c) { return c.revision == revision && c.key == key; });
      doc.checkpoints.push_back({std::string(revision), std::string(key), std::string(value)});
    });
  }
  void clear_checkpoint(std::string_view revision, std::string_view key) override {
    write([&](detail::state_document& doc) {
      std::erase_if(doc.checkpoints, [&](const auto& c) { return c.revision == revision && c.key == key; });
    });
  }

  static std::string make_owner_id() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return fmt::format("migrate@{} pid {} #{}", host[0] ? host : "unknown", ::getpid(), random_hex());
  }
  static std::string random_hex() {
    thread_local std::mt19937_64 random{std::random_device{}()};
    return fmt::format("{:016x}", random());
  }
  std::string scrub(std::string text) const { return client_.http().scrub(std::move(text)); }
  std::string criteria() const { return fmt::format("identifier={}|{}", state_identifier_system, options_.resource_id); }
  std::string reference() const {
    auto id = detail::member_string(cache_, "id");
    return id.empty() ? describe() : fmt::format("Basic/{}", id);
  }

  // The state resource, by id once known (reads are then not subject to search-index lag), else by identifier.
  // Requires mutex_.
  std::optional<boost::json::object> fetch() {
    if (!known_id_.empty()) {
      if (auto found = client_.try_read("Basic", known_id_)) return found;
      known_id_.clear();
    }
    std::optional<boost::json::object> found;
    try {
      found = client_.find_by_identifier("Basic", state_identifier_system, options_.resource_id);
    } catch (const operation_outcome_error& e) {
      if (e.code() != errc::invalid_state) throw;
      throw store_error(fmt::format("several Basic resources carry the migration identifier {}|{} on {}; keep the "
                                    "one holding the migration state and delete the others",
                                    state_identifier_system, options_.resource_id, redact_url(options_.base_url)),
                        errc::invalid_state);
    }
    if (found) known_id_ = detail::member_string(*found, "id");
    return found;
  }
  // Requires mutex_.
  boost::json::object fetch_or_create() {
    if (auto found = fetch()) return std::move(*found);
    return create_state();
  }
  // Requires mutex_.
  boost::json::object create_state() {
    // As the origin tool would create it; If-None-Exist makes two runners creating at once meet at one resource.
    auto created = client_.create(detail::new_state_resource(options_.resource_id), criteria());
    if (created.resource.empty()) {
      if (auto found = fetch()) return std::move(*found);
      throw store_error(fmt::format("could not create the migration state resource {}", describe()));
    }
    known_id_ = created.id();
    return std::move(created.resource);
  }

  // The rows the resource stands for. The origin tool records only the current revision in code.coding[0].code
  // (and does not know our extensions, so after it writes, our recorded head no longer matches the code): then
  // the rows are that revision and, when the chain is known, all its ancestors.
  void normalize(detail::state_document& doc) const;

  // Sets code.coding[0].code (and our recorded head) to where the completed rows stand: the head of the applied
  // set (with unmerged branches, the head applied last, as the origin tool would have recorded it), else the
  // last completed row; none when nothing is applied (the coding without a code, as the origin tool leaves it at
  // base; its "updated-code" is not readable by the origin tool itself).
  void set_head(detail::state_document& doc) const;

  // What a state write came to: the resource as stored when it `landed`, else (a 412 for someone else's write)
  // the resource as it is now and the server's refusal.
  struct put_outcome {
    bool landed = false;
    boost::json::object resource;
    std::string refusal;
  };
  // PUTs `resource`, which carries nonce `write_id`, under If-Match. Whatever goes wrong — a 412, a garbled 2xx, a
  // lost answer — is settled by re-reading: a resource carrying our nonce means the write landed. An error whose
  // write did not land is rethrown as it came. Requires mutex_.
  put_outcome put_state(const boost::json::object& resource, const std::string& write_id);

  // Applies `change` to the state and writes it under If-Match. While the lease is held the cached copy is the
  // base (so any foreign write in between is detected); otherwise the resource is read first. A write that did not
  // land because of a 412 is resolved: an unchanged resource (a spurious 412) is retried; anything else is someone
  // else's write and nothing was written — errc::concurrent_modification for the run's own write, while a
  // heartbeat's finding stops the run at its next write (errc::lost_lease), since the state it builds on is gone.
  detail::state_document write(const std::function<void(detail::state_document&)>& change, bool heartbeat = false);

  // One's own lease is judged by the steady clock only: once lease_ttl has passed since the last renewal was sent,
  // other runners (judging by its `expires`) may take it, so nothing more is written. Requires mutex_.
  void check_lease();
  // Records why the lease is gone and returns the error to throw; every later write throws it too. Requires mutex_.
  store_error lose_lease(std::string reason);
  store_error lost_lease_error() const;

  void renew(detail::lease& l) const;

  void start_heartbeat();
  void stop_heartbeat();

  // Removes our lease if the resource still carries it (also after a lost lease: if no one took it over, the
  // next runner need not wait for it to expire).
  void release_lease() noexcept;

  // Runs a step's body with its checkpoint scope open; any failure is audited, then rethrown to the migrator.
  void run_step(const migration_info& m, const step_body<session_type>& body) {
    session_.begin_step(std::string(m.revision));
    try {
      body(session_);
    } catch (...) {
      session_.end_step();
      {
        std::lock_guard guard(mutex_);
        failed_step_.resumable = options_.resume_checkpointed && !failed_step_.down &&
                                 detail::read_state(cache_).has_checkpoint(m.revision);
      }
      audit("8", "failed", m, migrate::detail::describe_exception(std::current_exception()));
      throw;
    }
    session_.end_step();
  }
  void audit(std::string_view outcome_code, std::string_view what, const migration_info& m, std::string_view text) {
    if (!options_.audit_events) return;
    auto now = detail::utc_timestamp(std::chrono::system_clock::now());
    std::string state_reference;
    {
      std::lock_guard guard(mutex_);
      state_reference = reference();
    }
    boost::json::array details{boost::json::object{{"type", "revision"}, {"valueString", m.revision}},
                               boost::json::object{{"type", "migration-resource-id"}, {"valueString", options_.resource_id}}};
    if (!m.description.empty())
      details.push_back(boost::json::object{{"type", "description"}, {"valueString", m.description}});
    boost::json::object event{
        {"resourceType", "AuditEvent"},
        {"type", boost::json::object{{"system", audit_type_system}, {"code", what}}},
        {"subtype", boost::json::array{boost::json::object{{"system", audit_revision_system}, {"code", m.revision}}}},
        {"action", "U"},
        {"recorded", now},
        {"outcome", outcome_code},
        {"agent", boost::json::array{boost::json::object{{"requestor", true},
                                                         {"who", boost::json::object{{"display", owner_}}}}}},
        {"source", boost::json::object{{"observer", boost::json::object{{"display", "migrate"}}}}},
        {"entity", boost::json::array{boost::json::object{
                       {"what", boost::json::object{{"reference", state_reference}}}, {"detail", std::move(details)}}}}};
    // Errors from the server were scrubbed of our token as they arrived; a step's own message may still quote one.
    if (!text.empty()) event["outcomeDesc"] = scrub(std::string(text));
    try {
      client_.create(event);
      std::lock_guard guard(mutex_);
      last_audit_error_.clear();
    } catch (const std::exception& e) {
      std::lock_guard guard(mutex_);
      last_audit_error_ = e.what();
    }
  }

  store_options options_;
  fhir::client client_;
  session_type session_;
  std::string owner_;
  std::optional<chain> chain_;

  mutable std::mutex mutex_;           // guards everything below
  boost::json::object cache_;          // the state resource as last read or written (while the lease is held)
  std::string known_id_;
  bool holding_ = false;
  bool fresh_lease_ = false;           // cache_ is the answer to the write that took the lease; no load_state since
  std::optional<boost::json::object> polled_;  // what lock() just read, for the load_state of its still_needed check
  std::chrono::steady_clock::time_point renewed_at_{};  // when the last lease write that landed was sent
  std::string lost_reason_;            // why the lease is gone; non-empty stops every further write
  step_progress failed_step_;          // how far the last apply/revert got, for describe_failed_step
  std::string last_audit_error_;

  std::thread heartbeat_;
  std::mutex heartbeat_mutex_;
  std::condition_variable heartbeat_stop_;
  bool stop_heartbeat_ = false;
};

}  // namespace migrate::fhir

#include <migrate/fhir/impl/state_writes.hpp>
#include <migrate/fhir/impl/lease.hpp>
#include <migrate/fhir/impl/store.hpp>
