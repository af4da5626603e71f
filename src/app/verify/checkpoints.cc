#include "app/verify/checkpoints.h"

#include "app/log.h"
#include "journal/merkle.h"

namespace sabt::app::verify {

Result<std::string> CheckCheckpoints(store::ReadTx& tx, const std::vector<store::CheckpointRow>& checkpoints,
                                     const std::vector<VerifierKey>& keys, const std::map<int64_t, Hash>& roots_at,
                                     int64_t from, const Hash& from_root, int64_t* checked) {
  int64_t prev = from;
  Hash prev_root = from_root;
  for (const auto& c : checkpoints) {
    if (c.size <= from) continue;
    std::string origin = c.note.substr(0, c.note.find('\n'));
    bool signed_ok = false;
    for (const auto& k : keys) {
      if (k.name != origin) continue;
      auto cp = VerifyNote(c.note, k.name, k.public_key);
      if (cp.ok() && static_cast<int64_t>(cp->size) == c.size && cp->root == c.root) signed_ok = true;
    }
    const std::string at = "checkpoint of size " + std::to_string(c.size);
    if (!signed_ok) return at + ": signature does not verify with any key in the journal";
    auto root = roots_at.find(c.size);
    if (root == roots_at.end() || root->second != c.root) return at + ": root does not match the journal";
    if (prev > 0) {
      auto proof = ConsistencyProofAt(tx, prev, c.size);
      if (!proof.ok()) return proof.status();
      if (!VerifyConsistency(static_cast<uint64_t>(prev), static_cast<uint64_t>(c.size), prev_root, c.root, *proof))
        return (from > 0 && prev == from ? "the verified tree of size " + std::to_string(from) + " and " + at
                                         : "checkpoints of sizes " + std::to_string(prev) + " and " +
                                               std::to_string(c.size)) +
               " are not consistent";
    }
    prev = c.size;
    prev_root = c.root;
    ++*checked;
  }
  return std::string();
}

}  // namespace sabt::app::verify
