#include "util/rate_limiter.h"

#include <algorithm>
#include <vector>

namespace sabt {

bool RateLimiter::Allow(const std::string& key, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  if (buckets_.size() > max_keys_) {
    std::vector<int64_t> times;
    for (const auto& [k, b] : buckets_) times.push_back(b.last_ms);
    std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
    int64_t cut = times[times.size() / 2];
    for (auto it = buckets_.begin(); it != buckets_.end();) it = it->second.last_ms <= cut ? buckets_.erase(it) : ++it;
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now_ms});
  Bucket& b = it->second;
  if (!fresh) b.tokens = std::min(burst_, b.tokens + static_cast<double>(now_ms - b.last_ms) * rate_per_ms_);
  b.last_ms = now_ms;
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

}  // namespace sabt
