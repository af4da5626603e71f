// The scan pipeline of `sabt verify` (docs/journal-format.md §6.1): one
// reader thread scans the journal in order on the caller's read transaction
// and cuts it into chunks at multiples of `chunk` leaves (so chunks line up
// with the Merkle tree), fetching for each chunk the stored nodes its leaves
// complete; worker threads run `work` on whole chunks, in any order; the
// calling thread gets the chunks back strictly in journal order in `consume`.
//
// Thread use: the read transaction is touched only by the reader thread while
// RunPipeline runs. `work` must not touch shared state; `consume` runs on the
// calling thread only. A non-ok status from `consume` stops everything and is
// returned; otherwise the reader's status is returned.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "app/projector.h"
#include "store/store.h"

namespace sabt::app::verify {

struct ScannedEntry {
  store::EntryRow row;
  bool has_payload = false;
  store::PayloadRow payload;
  // Filled by the worker (entry_check.h).
  std::string pre_fault;    // JSON, canonical form, header, indexed columns
  EntryView view;           // valid when pre_fault is empty
  Hash leaf{};              // SHA-256(0x00 ‖ entry)
  std::string commitment;   // the entry's "payload" field ("" when none)
  bool commitment_ok = true;  // the stored payload matches the commitment
  std::optional<nlohmann::json> payload_json;  // parsed payload (for the replay)
  bool payload_not_json = false;
};

struct Chunk {
  int64_t number = 0;          // 0, 1, … in journal order
  int64_t start = 0, end = 0;  // leaf positions [start, end)
  std::vector<ScannedEntry> entries;
  // stored[l][k]: stored node (l, (start >> l) + k) for every node completed
  // by a leaf of this chunk (those with index in [start >> l, end >> l)).
  std::vector<std::vector<std::optional<Hash>>> stored;
  // The stored hash of node (level, idx), completed by a leaf of this chunk.
  std::optional<Hash> Stored(int level, uint64_t idx) const;
};

struct PipelineOptions {
  int workers = 0;       // 0: one per core
  int64_t chunk = 1024;  // leaves per chunk; a power of two
};

Status RunPipeline(store::ReadTx& tx, int64_t from, const PipelineOptions& options,
                   const std::function<void(Chunk&)>& work, const std::function<Status(Chunk&)>& consume);

}  // namespace sabt::app::verify
