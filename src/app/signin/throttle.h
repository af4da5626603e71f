// Growing delays between failed sign-ins (docs/security.md, "Guessing:
// throttle and lockout"): per account (state in the store, see
// store::LoginGuardRow) and per client address (in memory, per process).
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/rows.h"

namespace sabt::app::signin {

// How long an account waits after `failures` consecutive failures: 0 after
// the first, then 1, 2, 4 … seconds.
int64_t AccountDelayMs(int64_t failures);

// Milliseconds until the account accepts an attempt: 0 when it may try now.
// A lock wins over the delay.
int64_t AccountWaitMs(const store::LoginGuardRow& g, int64_t now_ms);
inline bool Locked(const store::LoginGuardRow& g, int64_t now_ms) { return g.locked_until_ms > now_ms; }

// Failures per client address within a 15-minute window. From the 11th
// failure on, an address waits 2^(k-10) seconds (k = its failures) after its
// last failure, at most 5 minutes. Memory is bounded (oldest forgotten).
class AddressThrottle {
 public:
  static constexpr int64_t kFreeFailures = 10;
  static constexpr int64_t kWindowMs = 15 * 60 * 1000;
  static constexpr int64_t kMaxDelayMs = 5 * 60 * 1000;

  explicit AddressThrottle(size_t max_keys = 100000) : max_keys_(max_keys) {}
  // Milliseconds this address must still wait; 0 when it may try.
  int64_t WaitMs(const std::string& address, int64_t now_ms);
  void RecordFailure(const std::string& address, int64_t now_ms);

 private:
  struct Entry {
    int64_t failures = 0;
    int64_t first_ms = 0, last_ms = 0;
  };
  size_t max_keys_;
  std::mutex mu_;  // guards entries_
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace sabt::app::signin
