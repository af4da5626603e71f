#include "util/file_clock.h"

#include <cstdio>
#include <cstdlib>

namespace sabt {

int64_t FileOffsetClock::NowMillis() const {
  int64_t offset_s = 0;
  if (FILE* f = std::fopen(path_.c_str(), "r")) {
    char buf[32] = {0};
    size_t n = std::fread(buf, 1, sizeof(buf) - 1, f);
    std::fclose(f);
    buf[n] = 0;
    offset_s = std::strtoll(buf, nullptr, 10);
  }
  return SystemClock::Instance().NowMillis() + base_offset_ms_ + offset_s * 1000;
}

}  // namespace sabt
