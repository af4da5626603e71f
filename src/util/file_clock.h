// The system clock moved by an offset read from a file at every reading: a
// test (or a drill) moves a running node's time by writing a number of
// seconds into the file (`sabt serve --clock-offset-file PATH`). A missing,
// empty or unreadable file means no offset. Tests use it to pass lockouts and
// session limits without sleeping.
#pragma once
#include <cstdint>
#include <string>

#include "util/clock.h"

namespace sabt {

class FileOffsetClock : public Clock {
 public:
  FileOffsetClock(std::string path, int64_t base_offset_ms) : path_(std::move(path)), base_offset_ms_(base_offset_ms) {}
  int64_t NowMillis() const override;

 private:
  std::string path_;
  int64_t base_offset_ms_;
};

}  // namespace sabt
