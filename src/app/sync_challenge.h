// Stateless pull challenges (docs/sync-protocol.md §7): a challenge is
// "<expiry ms>.<nonce>.<mac>" under a key this process keeps in memory, so
// giving one out stores nothing. A challenge is remembered only once an
// enrolled device has signed it (single use), per device and bounded.
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace sabt::app {

class PullChallenges {
 public:
  static constexpr int64_t kTtlMs = 5 * 60 * 1000;
  // Bounds the memory of used challenges: a laptop syncing once a second
  // for the 5-minute life of a challenge stays under it.
  static constexpr size_t kMaxLivePerDevice = 1024;

  PullChallenges();
  std::string Issue(int64_t now_ms) const;
  // Only the mac and the expiry: true when this process gave it out and it is still valid.
  bool Genuine(const std::string& challenge, int64_t now_ms) const;
  enum class Redeemed { kOk, kBad, kReused, kTooMany };
  // Call after the device's signature over the challenge was checked.
  Redeemed Redeem(const std::string& device, const std::string& challenge, int64_t now_ms);

 private:
  std::string Mac(const std::string& text) const;
  std::string key_;
  std::mutex mu_;  // guards used_
  std::map<std::string, std::map<std::string, int64_t>> used_;  // device → challenge → expiry
};

// The process-wide instance of the parent.
PullChallenges& ProcessPullChallenges();

}  // namespace sabt::app
