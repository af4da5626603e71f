// Queries of the fast verify (issue 19; docs/journal-format.md §6.1–§6.2),
// kept off the shared ReadTx / WriteTx interface like the video link's: both
// backends' transactions also implement VerifyReads (read and write
// transactions) and VerifyWrites (write transactions only); callers reach
// them with VerifyReadsOf / VerifyWritesOf. A backend without them answers
// kUnavailable.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace sabt::store {

struct VerifyResultRow {
  int64_t id = 0;
  std::string note;  // C2SP signed note, docs/journal-format.md §6.2
};

class VerifyReads {
 public:
  virtual ~VerifyReads() = default;
  // Stored perfect-subtree hashes of `level` for idx in [from, to), in idx
  // order; a position without a stored node is nullopt.
  virtual Result<std::vector<std::optional<Hash>>> MerkleNodeRange(int level, int64_t from, int64_t to) = 0;
  // The newest stored verify result, if any.
  virtual Result<std::optional<VerifyResultRow>> LatestVerifyResult() = 0;
};

class VerifyWrites {
 public:
  virtual ~VerifyWrites() = default;
  // Appends one verify result (rows are never changed).
  virtual Status PutVerifyResult(const std::string& note) = 0;
};

Result<VerifyReads*> VerifyReadsOf(ReadTx& tx);
Result<VerifyWrites*> VerifyWritesOf(WriteTx& tx);

}  // namespace sabt::store
