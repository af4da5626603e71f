// A cache of the upper levels of the stored Merkle tree, for proofs
// (docs/verification.md §3). A stored node (level, idx) is the hash of a
// complete subtree and never changes once written, so the cache needs no
// invalidation: a node is only ever put after it was read from the store.
// Levels below `min_level` are not cached (they are most of the nodes and
// rarely shared between proofs); the cache stops growing at `max_nodes`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

#include "journal/merkle.h"

namespace sabt::journal {

class MerkleNodeCache {
 public:
  explicit MerkleNodeCache(int min_level = 8, size_t max_nodes = size_t{1} << 20)
      : min_level_(min_level), max_nodes_(max_nodes) {}
  MerkleNodeCache(const MerkleNodeCache&) = delete;
  MerkleNodeCache& operator=(const MerkleNodeCache&) = delete;

  bool Caches(int level) const { return level >= min_level_; }
  std::optional<Hash> Get(int level, uint64_t idx) const;
  void Put(int level, uint64_t idx, const Hash& h);
  size_t size() const;

 private:
  static uint64_t Key(int level, uint64_t idx) { return (static_cast<uint64_t>(level) << 56) | idx; }
  const int min_level_;
  const size_t max_nodes_;
  mutable std::shared_mutex mu_;
  std::unordered_map<uint64_t, Hash> nodes_;
};

}  // namespace sabt::journal
