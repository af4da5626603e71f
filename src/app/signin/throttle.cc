#include "app/signin/throttle.h"

#include <algorithm>
#include <vector>

namespace sabt::app::signin {

int64_t AccountDelayMs(int64_t failures) {
  if (failures < 2) return 0;
  return int64_t{1000} << std::min<int64_t>(failures - 2, 16);
}

int64_t AccountWaitMs(const store::LoginGuardRow& g, int64_t now_ms) {
  if (Locked(g, now_ms)) return g.locked_until_ms - now_ms;
  int64_t ready = g.last_failure_ms + AccountDelayMs(g.failures);
  return ready > now_ms ? ready - now_ms : 0;
}

int64_t AddressThrottle::WaitMs(const std::string& address, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(address);
  if (it == entries_.end()) return 0;
  const Entry& e = it->second;
  if (now_ms - e.last_ms > kWindowMs) {
    entries_.erase(it);
    return 0;
  }
  if (e.failures <= kFreeFailures) return 0;
  int64_t delay = std::min(kMaxDelayMs, int64_t{1000} << std::min<int64_t>(e.failures - kFreeFailures, 20));
  int64_t ready = e.last_ms + delay;
  return ready > now_ms ? ready - now_ms : 0;
}

void AddressThrottle::RecordFailure(const std::string& address, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= max_keys_) {
    // Forget the stalest half (only ever kinder to the addresses forgotten).
    std::vector<int64_t> times;
    for (const auto& [k, e] : entries_) times.push_back(e.last_ms);
    std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
    int64_t cut = times[times.size() / 2];
    for (auto it = entries_.begin(); it != entries_.end();) it = it->second.last_ms <= cut ? entries_.erase(it) : ++it;
  }
  Entry& e = entries_[address];
  if (e.failures > 0 && now_ms - e.last_ms > kWindowMs) e = Entry{};
  if (e.failures == 0) e.first_ms = now_ms;
  ++e.failures;
  e.last_ms = now_ms;
}

}  // namespace sabt::app::signin
