#include "journal/merkle.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>
#include <utility>

namespace sabt {
namespace {

// The largest power of two strictly below n. REQUIRES: n >= 2.
uint64_t SplitPoint(uint64_t n) {
  assert(n >= 2);
  return uint64_t{1} << (std::bit_width(n - 1) - 1);
}

// MTH of leaves [begin, end), where [begin, end) is a node of the RFC's
// recursion: either a perfect subtree (fetched) or a right-edge subtree whose
// left child is perfect (recomputed from O(log n) fetches).
Result<Hash> RangeRoot(uint64_t begin, uint64_t end, const NodeFetcher& fetch) {
  assert(begin < end);
  const uint64_t n = end - begin;
  if (std::has_single_bit(n)) {
    const int level = std::countr_zero(n);
    assert(begin % n == 0);
    return fetch(level, begin >> level);
  }
  const uint64_t k = SplitPoint(n);
  Result<Hash> left = RangeRoot(begin, begin + k, fetch);
  if (!left.ok()) return left.status();
  Result<Hash> right = RangeRoot(begin + k, end, fetch);
  if (!right.ok()) return right.status();
  return NodeHash(*left, *right);
}

// A fetcher that hashes perfect subtrees straight from the leaves.
NodeFetcher LeafFetcher(std::span<const Hash> leaves) {
  return [leaves](int level, uint64_t index) -> Result<Hash> {
    if (level < 0 || level >= 64) return Status::Invalid("merkle: bad level");
    const uint64_t width = uint64_t{1} << level;
    if (index >= leaves.size() / width) return Status::NotFound("merkle: node beyond leaves");
    return RootOf(leaves.subspan(index * width, width));
  };
}

}  // namespace

Hash LeafHash(std::string_view entry) {
  thread_local Sha256Hasher hasher;
  const uint8_t prefix = 0x00;
  hasher.Update(&prefix, 1);
  hasher.Update(entry);
  return hasher.Final();
}

Hash NodeHash(const Hash& left, const Hash& right) {
  thread_local Sha256Hasher hasher;
  // One Update call: this is the hot path of appends and verification.
  uint8_t buf[1 + 2 * sizeof(Hash)];
  buf[0] = 0x01;
  std::memcpy(buf + 1, left.data(), left.size());
  std::memcpy(buf + 1 + left.size(), right.data(), right.size());
  hasher.Update(buf, sizeof buf);
  return hasher.Final();
}

Hash EmptyRoot() {
  static const Hash kEmpty = Sha256("");
  return kEmpty;
}

Hash RootOf(std::span<const Hash> leaf_hashes) {
  const size_t n = leaf_hashes.size();
  if (n == 0) return EmptyRoot();
  if (n == 1) return leaf_hashes[0];
  const size_t k = SplitPoint(n);
  return NodeHash(RootOf(leaf_hashes.first(k)), RootOf(leaf_hashes.subspan(k)));
}

// ---- CompactRange -----------------------------------------------------------

void CompactRange::Append(const Hash& leaf, std::vector<CompletedNode>* completed) {
  assert(size_ < UINT64_MAX);
  Hash h = leaf;
  int level = 0;
  uint64_t index = size_;
  if (completed != nullptr) completed->emplace_back(level, index, h);
  // Each set low bit of the old size is a perfect subtree of that level that
  // the new node completes into its parent (like carrying in binary addition).
  while ((size_ >> level) & 1) {
    assert(!nodes_.empty());
    h = NodeHash(nodes_.back(), h);
    nodes_.pop_back();
    ++level;
    index >>= 1;
    if (completed != nullptr) completed->emplace_back(level, index, h);
  }
  nodes_.push_back(h);
  ++size_;
  assert(nodes_.size() == static_cast<size_t>(std::popcount(size_)));
}

Hash CompactRange::Root() const {
  if (nodes_.empty()) return EmptyRoot();
  // The right edge of the tree folds from the smallest subtree leftwards.
  Hash r = nodes_.back();
  for (size_t i = nodes_.size() - 1; i-- > 0;) r = NodeHash(nodes_[i], r);
  return r;
}

std::string CompactRange::Serialize() const {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((size_ >> (56 - 8 * i)) & 0xff);
  for (const Hash& h : nodes_) out.append(HashBytes(h));
  return out;
}

Result<CompactRange> CompactRange::Deserialize(std::string_view bytes) {
  if (bytes.size() < 8) return Status::Invalid("compact range: too short");
  uint64_t size = 0;
  for (int i = 0; i < 8; ++i) size = (size << 8) | static_cast<unsigned char>(bytes[i]);
  const size_t count = static_cast<size_t>(std::popcount(size));
  if (bytes.size() != 8 + count * sizeof(Hash)) {
    return Status::Invalid("compact range: length does not match size");
  }
  std::vector<Hash> nodes(count);
  for (size_t i = 0; i < count; ++i) {
    std::memcpy(nodes[i].data(), bytes.data() + 8 + i * sizeof(Hash), sizeof(Hash));
  }
  return FromNodes(size, std::move(nodes));
}

Result<CompactRange> CompactRange::FromNodes(uint64_t size, std::vector<Hash> nodes) {
  if (nodes.size() != static_cast<size_t>(std::popcount(size))) {
    return Status::Invalid("compact range: node count does not match size");
  }
  CompactRange r;
  r.size_ = size;
  r.nodes_ = std::move(nodes);
  return r;
}

Result<CompactRange> CompactRange::FromFetcher(uint64_t size, const NodeFetcher& fetch) {
  std::vector<Hash> nodes;
  uint64_t begin = 0;
  for (int level = 63; level >= 0; --level) {
    if (((size >> level) & 1) == 0) continue;
    Result<Hash> h = fetch(level, begin >> level);
    if (!h.ok()) return h.status();
    nodes.push_back(*h);
    begin += uint64_t{1} << level;
  }
  return FromNodes(size, std::move(nodes));
}

// ---- Proof generation -------------------------------------------------------

Result<Hash> RootFromFetcher(uint64_t size, const NodeFetcher& fetch) {
  if (size == 0) return EmptyRoot();
  return RangeRoot(0, size, fetch);
}

Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                         const NodeFetcher& fetch) {
  if (index >= size) return Status::Invalid("inclusion proof: index must be < size");
  // Walk down from the root; the RFC lists siblings bottom-up, so reverse.
  std::vector<Hash> proof;
  uint64_t begin = 0;
  uint64_t end = size;
  while (end - begin > 1) {
    const uint64_t k = SplitPoint(end - begin);
    Result<Hash> sibling = index < begin + k ? RangeRoot(begin + k, end, fetch)
                                             : RangeRoot(begin, begin + k, fetch);
    if (!sibling.ok()) return sibling.status();
    proof.push_back(*sibling);
    if (index < begin + k) {
      end = begin + k;
    } else {
      begin += k;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<std::vector<Hash>> ConsistencyProof(uint64_t m, uint64_t n, const NodeFetcher& fetch) {
  if (m == 0 || m > n) return Status::Invalid("consistency proof: requires 0 < m <= n");
  // SUBPROOF(m, D[begin:end], b), unrolled; m stays absolute.
  std::vector<Hash> proof;
  uint64_t begin = 0;
  uint64_t end = n;
  bool whole_old_tree = true;  // the RFC's b: the old tree is D[0:m] itself
  while (true) {
    if (m - begin == end - begin) {
      if (!whole_old_tree) {
        Result<Hash> h = RangeRoot(begin, end, fetch);
        if (!h.ok()) return h.status();
        proof.push_back(*h);
      }
      break;
    }
    const uint64_t k = SplitPoint(end - begin);
    if (m - begin <= k) {
      Result<Hash> right = RangeRoot(begin + k, end, fetch);
      if (!right.ok()) return right.status();
      proof.push_back(*right);
      end = begin + k;
    } else {
      Result<Hash> left = RangeRoot(begin, begin + k, fetch);
      if (!left.ok()) return left.status();
      proof.push_back(*left);
      begin += k;
      whole_old_tree = false;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<std::vector<Hash>> InclusionProof(uint64_t index, std::span<const Hash> leaf_hashes) {
  return InclusionProof(index, leaf_hashes.size(), LeafFetcher(leaf_hashes));
}

Result<std::vector<Hash>> ConsistencyProof(uint64_t m, std::span<const Hash> leaf_hashes) {
  return ConsistencyProof(m, leaf_hashes.size(), LeafFetcher(leaf_hashes));
}

// ---- Verification (RFC 9162 §2.1.3.2 and §2.1.4.2, step by step) ------------

bool VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                     const std::vector<Hash>& proof, const Hash& root) {
  if (index >= size) return false;                                 // step 1
  uint64_t fn = index;                                             // step 2
  uint64_t sn = size - 1;
  Hash r = leaf_hash;                                              // step 3
  for (const Hash& p : proof) {                                    // step 4
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;                                     // step 5
}

bool VerifyConsistency(uint64_t m, uint64_t n, const Hash& root_m, const Hash& root_n,
                       const std::vector<Hash>& proof) {
  if (m == 0 || m > n) return false;
  if (m == n) return proof.empty() && root_m == root_n;
  if (proof.empty()) return false;                                 // step 1
  // Step 2 prepends root_m when m is a power of two; index into a virtual
  // path instead of copying.
  const bool prepend = std::has_single_bit(m);
  const size_t path_size = proof.size() + (prepend ? 1 : 0);
  auto path = [&](size_t i) -> const Hash& {
    return prepend ? (i == 0 ? root_m : proof[i - 1]) : proof[i];
  };
  uint64_t fn = m - 1;                                             // step 3
  uint64_t sn = n - 1;
  while ((fn & 1) == 1) {                                          // step 4
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path(0);                                               // step 5
  Hash sr = path(0);
  for (size_t i = 1; i < path_size; ++i) {                         // step 6
    const Hash& c = path(i);
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == root_m && sr == root_n && sn == 0;                  // step 7
}

}  // namespace sabt
