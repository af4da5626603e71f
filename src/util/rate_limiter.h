// A per-key token bucket (e.g. per client address) for public endpoints.
// Thread-safe. Memory is bounded: when more than max_keys keys are tracked,
// the stalest half is forgotten (which can only make the limiter kinder).
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sabt {

class RateLimiter {
 public:
  RateLimiter(double per_minute, double burst, size_t max_keys = 100000)
      : rate_per_ms_(per_minute / 60000.0), burst_(burst), max_keys_(max_keys) {}
  // True when the request may proceed.
  bool Allow(const std::string& key, int64_t now_ms);

 private:
  struct Bucket {
    double tokens;
    int64_t last_ms;
  };
  double rate_per_ms_, burst_;
  size_t max_keys_;
  std::mutex mu_;  // guards buckets_
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace sabt
