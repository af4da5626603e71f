// The field node's side of sync (docs/sync-protocol.md): enrolment, pushing
// batches after the last acknowledgement, pulling reference data and status,
// the USB bundle, and the background loop.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/app.h"

namespace sabt::app {

struct EnrollOptions {
  std::string parent_url, code, db_url, key_file;
};
// Redeems the code at the parent, writes the device key and the link, and
// pulls once. Answers the link.
Result<nlohmann::json> Enroll(const EnrollOptions& o);

// The link to the parent (LocalState "link"); kNotFound when not enrolled.
Result<nlohmann::json> ReadLink(App& app);

// Entries of this node after from_seq (at most max), as a compressed batch
// signed by the device key. *to_seq is the last seq included. With
// inline_attachments (the USB bundle) the files of its attachment entries
// travel inside the batch; online they are uploaded on demand (§3). A batch
// of a USB bundle (§9) is marked `"bundle": true`.
// On a district (§13) the batch holds its own-origin entries only, signed
// over the tree of its own origin; *own_frontier then receives that tree's
// compact range at *to_seq (hex).
// `pull`, when not empty, is a signed pull request carried by the batch (§7.1).
Result<std::string> BuildBatch(App& app, int64_t from_seq, int max, int64_t* to_seq, bool inline_attachments = false,
                               bool bundle = false, std::string* own_frontier = nullptr,
                               const std::string& pull = std::string());

struct PushReport {
  int64_t sent = 0, acked_seq = 0, pending = 0;
  int64_t wire_bytes = 0;
};
// A pull carried by the last batch of a push (protocol 2, §7.1): `done` once
// the parent's answer carried it and it was recorded.
struct RoundPull {
  bool done = false;
};
// Pushes until nothing is pending. progress(done, total) after each batch.
// With `pull`, the last batch carries a pull request and its answer is
// recorded (a `sync.pulled` entry it adds is pushed by the same call).
Result<PushReport> PushAll(App& app, const std::function<void(int64_t, int64_t)>& progress = {},
                           RoundPull* pull = nullptr);
// A pull alone (§7.1, falling back to §7.2 at a parent of protocol 1).
Status Pull(App& app);
// One round: push with the pull in its last batch (one exchange), or the
// pull alone when nothing is pending, then push again only when the pull
// recorded a `sync.pulled` entry. Pushing first gets the citizens' appeals off the laptop
// before anything else crosses a weak link (docs/sync-protocol.md §8).
Result<PushReport> SyncRound(App& app, const std::function<void(int64_t, int64_t)>& progress = {});
// Erases the payloads of appeal entries acknowledged by the parent more than
// purge_grace_days ago (one `sync.purged` entry). Answers how many.
Result<int64_t> PurgeAcknowledged(App& app);
// {role, origin, parent_url, acked_seq, journal_size, pending, last_success_at, last_error, running, ...}
Result<nlohmann::json> SyncStatus(App& app);

// Background sync of a field node: push, pull, sleep; exponential backoff on
// failure; Wake() for "sync now".
class SyncService {
 public:
  explicit SyncService(App& app);
  ~SyncService();
  void Wake();
  bool running() const { return running_; }
  int64_t progress_done() const { return done_; }
  int64_t progress_total() const { return total_; }
  // The service of this process, if one runs (for the pages).
  static SyncService* Current();

 private:
  void Loop();
  App& app_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false, wake_ = false;
  std::atomic<bool> running_{false};
  std::atomic<int64_t> done_{0}, total_{0};
  std::thread thread_;
};

}  // namespace sabt::app
