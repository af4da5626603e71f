#include "store/video_tx.h"

namespace sabt::store {

Result<VideoReads*> VideoReadsOf(ReadTx& tx) {
  auto* v = dynamic_cast<VideoReads*>(&tx);
  if (!v) return Status::Unavailable("this storage backend has no video tables");
  return v;
}

Result<VideoWrites*> VideoWritesOf(WriteTx& tx) {
  auto* v = dynamic_cast<VideoWrites*>(&tx);
  if (!v) return Status::Unavailable("this storage backend has no video tables");
  return v;
}

}  // namespace sabt::store
