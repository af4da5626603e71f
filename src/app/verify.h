// `sabt verify` and `sabt rebuild`.
//
// Verify reads the whole journal once and checks, stopping at the first
// fault (see docs/journal-format.md §6): canonical form and versions, seq
// continuity, leaf and stored subtree hashes, every stored tree head,
// truncation, payload commitments, the projection tables against a fresh
// replay, and gapless numbers.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "journal/checkpoint.h"

#include "store/store.h"

namespace sabt::app {

struct VerifyReport {
  bool ok = true;
  std::string fault;          // first fault, precise: "entry 17: leaf hash …", "table appeals, row …"
  int64_t entries = 0, payloads = 0, tree_heads = 0, rows_compared = 0, checkpoints = 0;
  std::vector<std::string> notes;  // not faults: e.g. "entry 17: payload erased by #40"
  std::vector<std::string> anchors;  // what --trusted-key / --witness-key established
  int64_t files = 0;                 // attachment files re-hashed
  std::string root_hex;
  // What a stored verify result records (docs/journal-format.md §6.2).
  int64_t size = 0;                         // entries covered (the tree size)
  Hash root{};                              // root of that tree
  std::map<std::string, int64_t> last_seq;  // last seq per origin among them
  std::vector<std::string> keys;            // verifier keys registered among them
  int64_t since = -1;                       // --since-checkpoint: the size it started from
};

// Keys given out of band (docs/verification.md §6, "Trust from outside the
// database").
struct VerifyOptions {
  std::optional<VerifierKey> trusted_key;
  std::vector<VerifierKey> witness_keys;
  // The scan pipeline (docs/journal-format.md §6.1): 0 workers = one per
  // core; chunk = leaves per chunk, a power of two.
  int workers = 0;
  int64_t chunk = 1024;
  // --since-checkpoint --sweep: also re-hash every old entry against its
  // stored leaf hash and fold them to the signed root (docs/journal-format.md §6.2).
  bool sweep = false;
};

using Progress = std::function<void(const std::string& phase, int64_t done, int64_t total)>;

Result<VerifyReport> Verify(store::Store& store, const VerifyOptions& options, const Progress& progress = nullptr);
inline Result<VerifyReport> Verify(store::Store& store, const Progress& progress = nullptr) {
  return Verify(store, VerifyOptions{}, progress);
}

// Replays the journal that `source` holds (entries [0, total)) into the
// projection tables through tx, which must start from empty tables. Used by
// Rebuild and by `sabt migrate`.
Status ReplayJournal(store::WriteTx& tx, store::ReadTx& source, int64_t total, const Progress& progress = nullptr);

// Replays the journal into the projection tables in one transaction. Returns
// the number of entries replayed.
Result<int64_t> Rebuild(store::Store& store, const Progress& progress = nullptr);

}  // namespace sabt::app
