// Merkle tree hashing, proofs and their verification, as in RFC 9162 §2.1
// (the same tree as RFC 6962). See docs/journal-format.md §3.
//
//   leaf hash  = SHA-256(0x00 ‖ entry bytes)
//   node hash  = SHA-256(0x01 ‖ left ‖ right)
//   MTH({})    = SHA-256("")
//   MTH(D[n])  = NodeHash(MTH(D[0:k]), MTH(D[k:n])), k the largest power of 2 < n
//
// Addressing of stored nodes: (level, index) names the *perfect* (full)
// subtree covering leaves [index·2^level, (index+1)·2^level); level 0 is the
// leaf hash itself. The store keeps every such node once it is complete, so a
// proof for any tree size costs O(log n) reads: subtrees on the right edge of
// a tree that are not perfect are recomputed from the perfect ones that cover
// them.
//
// Errors: generators return Status::Invalid for arguments outside the RFC's
// domain and pass through any error from the NodeFetcher. Verifiers return
// false for every invalid or inconsistent input and never fail otherwise.
// Nothing here throws. All free functions are thread-safe; a CompactRange is a
// plain value (copy it freely; do not mutate one object from two threads).
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "util/sha256.h"
#include "util/status.h"

namespace sabt {

Hash LeafHash(std::string_view entry);
Hash NodeHash(const Hash& left, const Hash& right);
Hash EmptyRoot();

// MTH over already-hashed leaves (straight recursion; O(n) hashes).
Hash RootOf(std::span<const Hash> leaf_hashes);

// Returns the stored hash of the perfect subtree (level, index). Must fail
// (e.g. NotFound) rather than invent a hash for a node it does not have.
using NodeFetcher = std::function<Result<Hash>(int level, uint64_t index)>;

// (level, index, hash) of a perfect subtree; see the addressing above.
using CompletedNode = std::tuple<int, uint64_t, Hash>;

// The Merkle "frontier" of a tree of size n: the roots of the perfect
// subtrees that tile [0, n), one per set bit of n, left (largest) to right.
// Enough to append leaves and compute the root without reading old nodes.
//
// Serialised form (Serialize/Deserialize), for persisting next to a tree head:
//   8 bytes  size, big-endian
//   32·popcount(size) bytes  the subtree roots, left to right
class CompactRange {
 public:
  CompactRange() = default;  // the empty tree

  // Appends one leaf hash. If `completed` is given, appends to it every
  // perfect subtree completed by this leaf, bottom-up: first (0, old size,
  // leaf), then each parent that became full. Storing all reports of all
  // appends yields exactly the table of perfect subtrees.
  void Append(const Hash& leaf, std::vector<CompletedNode>* completed = nullptr);

  // MTH of the leaves appended so far; EmptyRoot() when empty. O(log n).
  Hash Root() const;
  uint64_t size() const { return size_; }
  // Subtree roots, left to right (largest first); popcount(size()) of them.
  const std::vector<Hash>& nodes() const { return nodes_; }

  std::string Serialize() const;
  // Invalid unless `bytes` is exactly a Serialize() output.
  static Result<CompactRange> Deserialize(std::string_view bytes);
  // Invalid unless nodes.size() == popcount(size).
  static Result<CompactRange> FromNodes(uint64_t size, std::vector<Hash> nodes);
  // Rebuilds the frontier of a tree of `size` leaves from stored perfect
  // subtrees (popcount(size) fetches), e.g. after a restart or a rollback.
  static Result<CompactRange> FromFetcher(uint64_t size, const NodeFetcher& fetch);

  bool operator==(const CompactRange&) const = default;

 private:
  uint64_t size_ = 0;
  std::vector<Hash> nodes_;
};

// MTH of the first `size` leaves, from stored perfect subtrees (O(log n)
// fetches). EmptyRoot() for size 0.
Result<Hash> RootFromFetcher(uint64_t size, const NodeFetcher& fetch);

// RFC 9162 §2.1.3.1 PATH(index, D[size]). Requires index < size.
// At most 2·log2(size) + 1 fetches; every fetched node lies inside [0, size).
Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                         const NodeFetcher& fetch);

// RFC 9162 §2.1.4.1 PROOF(m, D[n]). Requires 0 < m <= n; m == n yields the
// empty proof. O(log n) fetches, all inside [0, n).
Result<std::vector<Hash>> ConsistencyProof(uint64_t m, uint64_t n, const NodeFetcher& fetch);

// Convenience forms over all leaf hashes in memory (size = n = leaves.size()).
// O(n) hashing; meant for tests and small trees.
Result<std::vector<Hash>> InclusionProof(uint64_t index, std::span<const Hash> leaf_hashes);
Result<std::vector<Hash>> ConsistencyProof(uint64_t m, std::span<const Hash> leaf_hashes);

// RFC 9162 §2.1.3.2, exactly. False if index >= size or the proof does not
// lead from leaf_hash to root.
bool VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                     const std::vector<Hash>& proof, const Hash& root);

// RFC 9162 §2.1.4.2 for 0 < m < n, exactly. Outside that domain: m == n is
// accepted only with an empty proof and root_m == root_n; m == 0 (the RFC
// defines no proof from the empty tree) and m > n are rejected.
bool VerifyConsistency(uint64_t m, uint64_t n, const Hash& root_m, const Hash& root_n,
                       const std::vector<Hash>& proof);

}  // namespace sabt
