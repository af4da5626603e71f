// Authorised erasure of a payload (a legal correction or erasure order):
// removes the payload and its salt, writes a `payload.erased` entry, and
// blanks the personal fields of the record (docs/verification.md §7). The
// erased entry's leaf stays, so every old proof still verifies.
#pragma once
#include <string>

#include "app/app.h"

namespace sabt::app {

struct EraseRequest {
  int64_t entry = -1;
  std::string reason_code;  // e.g. "court_order", "correction"
  std::string reason;       // free text, kept in the erasure entry's own payload
  std::string actor = "system";
};

// The entry kinds whose payload holds personal data and may be erased.
bool IsErasableKind(const std::string& kind);

// Returns the index of the erasure entry.
Result<int64_t> ErasePayload(App& app, const EraseRequest& req);

}  // namespace sabt::app
