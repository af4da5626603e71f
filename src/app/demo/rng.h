// The demo's random numbers: splitmix64, tiny and the same on every
// platform, so a seed always gives the same demo content.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sabt::app {

class DemoRng {
 public:
  explicit DemoRng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }

 private:
  uint64_t s_;
};

}  // namespace sabt::app
