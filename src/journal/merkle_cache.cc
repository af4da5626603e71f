#include "journal/merkle_cache.h"

#include <mutex>

namespace sabt::journal {

std::optional<Hash> MerkleNodeCache::Get(int level, uint64_t idx) const {
  if (!Caches(level)) return std::nullopt;
  std::shared_lock lock(mu_);
  auto it = nodes_.find(Key(level, idx));
  if (it == nodes_.end()) return std::nullopt;
  return it->second;
}

void MerkleNodeCache::Put(int level, uint64_t idx, const Hash& h) {
  if (!Caches(level)) return;
  std::unique_lock lock(mu_);
  if (nodes_.size() >= max_nodes_) return;
  nodes_.emplace(Key(level, idx), h);
}

size_t MerkleNodeCache::size() const {
  std::shared_lock lock(mu_);
  return nodes_.size();
}

}  // namespace sabt::journal
