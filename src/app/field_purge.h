// The field node's purge after its parent's ack + grace (docs/sync-protocol.md
// §10): PurgeAcknowledged (declared in app/sync_child.h) writes one
// `sync.purged` entry; ProjectPurged blanks the records it names.
#pragma once
#include "app/projector.h"
#include "store/store.h"

namespace sabt::app {

// Projection of `sync.purged` on the node that wrote it: blanks the personal
// fields of the appeals, crime records, persons and trips its data names.
Status ProjectPurged(store::WriteTx& tx, const EntryView& e);

}  // namespace sabt::app
