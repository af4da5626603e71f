// Projection of the sync.* entries (docs/sync-protocol.md, journal-format.md
// §4) into `sync_records`, and of sync.pulled into the catalogue tables on the
// field node that wrote it. Called by app/projector.cc.
#pragma once
#include <nlohmann/json.hpp>

#include "app/projector.h"
#include "store/store.h"

namespace sabt::app {

Status ProjectSync(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload);

// The device record of a child origin on a parent; nullopt when unknown.
Result<std::optional<nlohmann::json>> SyncDevice(store::ReadTx& tx, const std::string& origin);

// A batch this node accepted from a child, by (origin, from_seq): {origin,
// from_seq, to_seq, checkpoint (the child's note), seq (of its
// sync.batch_accepted)}; a district forwards it so (docs/sync-protocol.md §13).
Result<std::optional<nlohmann::json>> AcceptedBatch(store::ReadTx& tx, const std::string& origin, int64_t from_seq);

// The series this node numbers appeals of `department` in: an enrolled
// field node's own series (from its link) for its unit, else the department code.
Result<std::string> FieldSeries(store::ReadTx& tx, const std::string& department);
// kConflict when an active enrolled device owns `series` (its appeal series
// or its crime series KUSP-<series>): only that field node may number in it.
Status CheckSeriesWritable(store::ReadTx& tx, const std::string& series);

}  // namespace sabt::app
