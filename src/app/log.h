// The journal as a public, verifiable log: checkpoints and proofs
// (docs/verification.md §2–3). Proofs are generated from the stored
// full-subtree hashes: O(log n) reads.
#pragma once
#include <string>
#include <vector>

#include "app/app.h"
#include "journal/merkle.h"
#include "journal/merkle_cache.h"

namespace sabt::app {

// Latest signed checkpoint note; kNotFound when none yet.
Result<std::string> LatestCheckpointNote(App& app);

// Proofs against a tree size no larger than the committed journal.
Result<std::vector<Hash>> InclusionProofAt(App& app, int64_t index, int64_t size);
Result<std::vector<Hash>> ConsistencyProofAt(App& app, int64_t from, int64_t to);
// On a read transaction; with `cache` (the node's, App::merkle_cache()) the
// upper tree levels come from memory. Verify passes no cache: it reads the store.
Result<std::vector<Hash>> InclusionProofAt(store::ReadTx& tx, int64_t index, int64_t size,
                                           journal::MerkleNodeCache* cache = nullptr);
Result<std::vector<Hash>> ConsistencyProofAt(store::ReadTx& tx, int64_t from, int64_t to,
                                             journal::MerkleNodeCache* cache = nullptr);
Result<Hash> RootAt(store::ReadTx& tx, int64_t size);

}  // namespace sabt::app
