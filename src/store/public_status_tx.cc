#include "store/public_status_tx.h"

namespace sabt::store {

Result<PublicStatusReads*> PublicStatusReadsOf(ReadTx& tx) {
  auto* p = dynamic_cast<PublicStatusReads*>(&tx);
  if (!p) return Status::Unavailable("this storage backend has no public status query");
  return p;
}

}  // namespace sabt::store
