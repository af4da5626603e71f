// The public status look-up (GET /status, /api/v1/public/status): one
// appeal's public fields by its number, and nothing else. It is kept off
// the shared ReadTx interface like the video and verify queries: both
// backends' transactions also implement PublicStatusReads, and callers reach
// it with PublicStatusReadsOf. It reads no person, no officer and no text:
// the anonymous path touches only what it may show (docs/api.md "Public"),
// and one index look-up is its whole cost (docs/benchmarks.md).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "store/store.h"

namespace sabt::store {

struct PublicStatusRow {
  std::string number, status, received_at, department, closed_at;
  std::string verification_code;  // compared in constant time by the caller
  int64_t due_day = 0;
};

class PublicStatusReads {
 public:
  virtual ~PublicStatusReads() = default;
  virtual Result<std::optional<PublicStatusRow>> PublicStatusByNumber(std::string_view number) = 0;
};

Result<PublicStatusReads*> PublicStatusReadsOf(ReadTx& tx);

}  // namespace sabt::store
