// A running node: its store, writer, cached catalogue and configuration.
// Every use case in src/app/ takes an App&. Thread-safe: all members are
// safe to use from any HTTP thread.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include <optional>
#include <thread>
#include <vector>

#include "app/catalog.h"
#include "journal/merkle_cache.h"
#include "journal/node_key.h"
#include "app/witness_push.h"
#include "app/writer.h"
#include "store/store.h"
#include "util/clock.h"

namespace sabt::app {

struct NodeConfig {
  std::string db_url;                 // "sqlite:PATH" or "postgres://…"
  std::string origin = "central";     // node id written into every entry
  std::string role = "central";       // central | district | field
  std::string listen = "127.0.0.1:8080";
  std::string public_url;             // base URL printed on receipts; default http://<listen>
  int http_threads = 4;
  int session_ttl_minutes = 12 * 60;  // a session ends this long after sign-in
  bool secure_cookies = false;        // set behind TLS
  size_t max_batch = 256;
  std::string key_file;               // default journal::DefaultKeyPath(db_url, origin)
  std::string log_origin;             // checkpoint origin line; default "sabt/<origin>"
  std::string witness_url;            // push each checkpoint to this witness (optional)
  std::vector<std::string> witness_for;  // "<origin>=<verifier key>": logs this node witnesses
  std::string witness_key;            // verifier key of witness_url, given out of band (receipts show it)
  std::string witness_label;          // how citizens see that witness, e.g. "Prosecutor's office witness"
  int public_rate_limit = 20;         // public status look-ups per minute per address; 0 = off (benchmarks)
  int public_submit_limit = 5;        // public online submissions per minute per address; 0 = off
  // Sync (docs/sync-protocol.md).
  std::string parent_url;             // field: overrides the parent URL recorded at enrolment
  int sync_interval_seconds = 30;     // field: pause between sync rounds when idle
  int sync_batch = 500;               // field: entries per pushed batch
  int purge_grace_days = 7;           // field: keep personal data this long after the parent's ack
  int max_skew_minutes = 10;          // parent: flag a device clock off by more than this
  int enrolment_ttl_seconds = 24 * 3600;  // parent: lifetime of a one-time enrolment code

  // Sign-in protection (docs/security.md "Sign-in and sessions").
  int session_idle_minutes = 30;      // a session ends after this long without a request
  int lockout_failures = 5;           // consecutive failed sign-ins that lock an account
  int lockout_minutes = 15;           // how long the lock lasts
  std::vector<std::string> trusted_proxies;  // TLS proxies whose X-Forwarded-For is believed (IP or CIDR)

  std::string LogOrigin() const { return log_origin.empty() ? "sabt/" + origin : log_origin; }
};

class App {
 public:
  static Result<std::unique_ptr<App>> Open(const NodeConfig& cfg, const Clock& clock = SystemClock::Instance());

  store::Store& store() { return *store_; }
  Writer& writer() { return *writer_; }
  const Catalog& catalog() const { return catalog_; }
  const Clock& clock() const { return clock_; }
  const NodeConfig& config() const { return cfg_; }
  // The signing key; empty until `sabt init` made one (serve requires it).
  const std::optional<journal::NodeKey>& key() const { return key_; }
  std::string KeyPath() const;
  // Creates the node key when missing and records it in the journal
  // (`node.key_registered`). Used by `sabt init`.
  Status EnsureNodeKey();
  // Replaces the node key: the new public key is journaled
  // (`node.key_rotated`) first, then the key file is swapped; the old file is
  // kept as "<key>.retired-<ms>" so old checkpoints stay checkable.
  Status RotateKey();
  // Signs a checkpoint of the committed journal at most once a second while
  // entries arrive, and pushes it to the witness when one is configured.
  void StartCheckpointer();
  // Signs a checkpoint now if the journal grew since the last one, and
  // pushes the latest one to the witness until it is cosigned.
  Status CheckpointNow();
  // The witness push state, or null when no witness is configured.
  WitnessPusher* witness_pusher() { return witness_.get(); }
  // The upper levels of the Merkle tree, for the proofs this node serves.
  journal::MerkleNodeCache& merkle_cache() { return merkle_cache_; }
  ~App();

 private:
  App(const NodeConfig& cfg, const Clock& clock) : cfg_(cfg), clock_(clock) {}
  NodeConfig cfg_;
  const Clock& clock_;
  std::unique_ptr<store::Store> store_;
  Catalog catalog_;
  std::unique_ptr<Writer> writer_;
  std::optional<journal::NodeKey> key_;
  std::mutex checkpoint_mu_;  // one signer at a time; guards last_checkpoint_size_
  int64_t last_checkpoint_size_ = -1;
  journal::MerkleNodeCache merkle_cache_;
  // Witnessing of this log (docs/verification.md §5): null without --witness.
  std::unique_ptr<WitnessPusher> witness_;
  std::atomic<bool> stop_{false};
  std::thread checkpointer_;
};

}  // namespace sabt::app
