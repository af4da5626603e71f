// `sabt verify --since-checkpoint` and the stored verify result
// (docs/journal-format.md §6.2).
#pragma once
#include <string>

#include "app/verify.h"
#include "journal/node_key.h"

namespace sabt::app::verify {

struct SinceOutcome {
  bool no_result = false;  // nothing stored yet: a full verify is needed
  VerifyReport report;
};

// Verifies what was appended after the newest stored verify result, and the
// rest by the Merkle tree (frontier root and a consistency proof). A stored
// result that does not verify with `key` is a fault, never a silent pass.
Result<SinceOutcome> VerifySince(store::Store& store, const journal::NodeKey& key, const VerifyOptions& options,
                                 const Progress& progress = nullptr);

// Appends the signed result of a verify that passed. `at_ms`: the time of
// the run (Unix milliseconds).
Status StoreVerifyResult(store::Store& store, const journal::NodeKey& key, const VerifyReport& report, int64_t at_ms);

}  // namespace sabt::app::verify
