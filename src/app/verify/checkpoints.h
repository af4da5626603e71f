// Checkpoint checks of `sabt verify` (docs/verification.md §6): each stored
// checkpoint larger than `from` is signed by a key the journal registered,
// has the root of that journal prefix, and is consistent with the one before
// it (the first with (from, from_root) when from > 0).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "journal/checkpoint.h"
#include "store/store.h"

namespace sabt::app::verify {

// "" when all pass, else the first fault. *checked counts checkpoints checked.
Result<std::string> CheckCheckpoints(store::ReadTx& tx, const std::vector<store::CheckpointRow>& checkpoints,
                                     const std::vector<VerifierKey>& keys, const std::map<int64_t, Hash>& roots_at,
                                     int64_t from, const Hash& from_root, int64_t* checked);

}  // namespace sabt::app::verify
