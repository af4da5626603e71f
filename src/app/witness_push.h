// The log side of witnessing (docs/verification.md §5, "Restarts"): pushes
// the latest checkpoint to the configured witness until it is cosigned. What
// the witness last cosigned is kept in the store (node-local state), so a
// restart of the node resumes from it; a witness that reports another size
// (409, text/x.tlog.size) is answered again from that size.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace sabt::app {

class App;

class WitnessPusher {
 public:
  explicit WitnessPusher(std::string url) : url_(std::move(url)) {}
  // Sends the latest stored checkpoint when it is not cosigned yet and the
  // back-off pause has passed. Failures are remembered, logged once per
  // distinct message and retried later; only store errors are returned.
  Status Push(App& app);
  // {"url", "cosigned_size", "pending_size", "last_error"} for /api/v1/health.
  nlohmann::json StatusJson();

 private:
  struct Attempt;
  Status Load(App& app);
  Status Cosigned(App& app, const std::string& note, const std::string& cosignature, int64_t size,
                  const std::string& root_hex);
  void Failed(App& app, const std::string& message);

  const std::string url_;
  std::mutex mu_;
  bool loaded_ = false;
  int64_t cosigned_size_ = 0;   // last size this witness cosigned (from the store)
  int64_t pending_size_ = 0;    // latest checkpoint not yet cosigned, 0 when none
  std::string last_error_;
  int64_t pause_ms_ = 0;        // current back-off
  int64_t next_try_ms_ = 0;
  int64_t last_tried_size_ = 0;
};

}  // namespace sabt::app
