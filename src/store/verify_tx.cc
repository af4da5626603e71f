#include "store/verify_tx.h"

namespace sabt::store {

Result<VerifyReads*> VerifyReadsOf(ReadTx& tx) {
  auto* v = dynamic_cast<VerifyReads*>(&tx);
  if (!v) return Status::Unavailable("this storage backend has no verify queries");
  return v;
}

Result<VerifyWrites*> VerifyWritesOf(WriteTx& tx) {
  auto* v = dynamic_cast<VerifyWrites*>(&tx);
  if (!v) return Status::Unavailable("this storage backend has no verify results table");
  return v;
}

}  // namespace sabt::store
