// Merkle tree tests: RFC 6962 / RFC 9162 vectors, negative probes, and an
// exhaustive comparison against a reference written straight from the RFC.
#include "journal/merkle.h"

#include <gtest/gtest.h>

#include <bit>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "util/hex.h"

namespace sabt {
namespace {

// Exhaustive range: every tree size up to this many leaves. Under ASan the
// hashing is ~10x slower, so the range shrinks to keep the suite quick.
#ifdef __SANITIZE_ADDRESS__
constexpr uint64_t kExhaustiveMax = 128;
#else
constexpr uint64_t kExhaustiveMax = 512;
#endif
// Negative probes run for every proof of trees up to this size.
constexpr uint64_t kProbeMax = 64;

Hash H(std::string_view hex) {
  Result<Hash> h = HashFromHex(hex);
  EXPECT_TRUE(h.ok()) << hex;
  return h.ok() ? *h : Hash{};
}

std::vector<Hash> Hs(std::initializer_list<std::string_view> hexes) {
  std::vector<Hash> out;
  for (std::string_view h : hexes) out.push_back(H(h));
  return out;
}

// The eight leaf inputs of the RFC 6962 test vectors (CT / transparency-dev).
std::vector<Hash> Rfc6962LeafHashes() {
  std::vector<Hash> out;
  for (std::string_view hex : {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                               "606162636465666768696a6b6c6d6e6f"}) {
    out.push_back(LeafHash(HexDecode(hex).value()));
  }
  return out;
}

// ---- Reference implementation ------------------------------------------------
// Written directly from RFC 9162 §2.1.1 (MTH), §2.1.3.1 (PATH) and §2.1.4.1
// (PROOF/SUBPROOF), on ranges D[begin:end]. It hashes with Sha256() on
// concatenated bytes, not with NodeHash, so it shares nothing with the code
// under test but SHA-256. MTH is memoised only to keep the exhaustive test fast.
class ReferenceTree {
 public:
  explicit ReferenceTree(std::vector<Hash> leaves) : leaves_(std::move(leaves)) {}

  Hash Mth(uint64_t begin, uint64_t end) {
    const uint64_t n = end - begin;
    if (n == 0) return Sha256("");
    if (n == 1) return leaves_[begin];
    auto it = memo_.find({begin, end});
    if (it != memo_.end()) return it->second;
    const uint64_t k = Split(n);
    const Hash l = Mth(begin, begin + k);
    const Hash r = Mth(begin + k, end);
    const Hash h = Sha256(std::string("\x01", 1) + std::string(HashBytes(l)) +
                          std::string(HashBytes(r)));
    memo_[{begin, end}] = h;
    return h;
  }

  // PATH(m, D[begin:end]), m relative to begin.
  std::vector<Hash> Path(uint64_t m, uint64_t begin, uint64_t end) {
    const uint64_t n = end - begin;
    if (n == 1) return {};
    const uint64_t k = Split(n);
    std::vector<Hash> p;
    if (m < k) {
      p = Path(m, begin, begin + k);
      p.push_back(Mth(begin + k, end));
    } else {
      p = Path(m - k, begin + k, end);
      p.push_back(Mth(begin, begin + k));
    }
    return p;
  }

  // SUBPROOF(m, D[begin:end], b), m relative to begin.
  std::vector<Hash> Subproof(uint64_t m, uint64_t begin, uint64_t end, bool b) {
    const uint64_t n = end - begin;
    if (m == n) return b ? std::vector<Hash>{} : std::vector<Hash>{Mth(begin, end)};
    const uint64_t k = Split(n);
    std::vector<Hash> p;
    if (m <= k) {
      p = Subproof(m, begin, begin + k, b);
      p.push_back(Mth(begin + k, end));
    } else {
      p = Subproof(m - k, begin + k, end, false);
      p.push_back(Mth(begin, begin + k));
    }
    return p;
  }

  std::vector<Hash> InclusionPath(uint64_t index, uint64_t size) { return Path(index, 0, size); }
  std::vector<Hash> ConsistencyPath(uint64_t m, uint64_t n) { return Subproof(m, 0, n, true); }

 private:
  // The largest power of two smaller than n, by counting.
  static uint64_t Split(uint64_t n) {
    uint64_t k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  }

  std::vector<Hash> leaves_;
  std::map<std::pair<uint64_t, uint64_t>, Hash> memo_;
};

// Table of perfect subtrees, filled from CompactRange's completion reports.
using NodeTable = std::vector<std::vector<Hash>>;  // [level][index]

void Store(const std::vector<CompletedNode>& completed, NodeTable* table) {
  for (const auto& [level, index, hash] : completed) {
    if (table->size() <= static_cast<size_t>(level)) table->resize(level + 1);
    auto& row = (*table)[level];
    ASSERT_EQ(row.size(), index) << "nodes of a level must complete in order";
    row.push_back(hash);
  }
}

// A fetcher that serves only nodes inside a tree of `size` leaves and counts
// its calls, so tests catch both out-of-range reads and read amplification.
NodeFetcher TableFetcher(const NodeTable& table, uint64_t size, int* fetches) {
  return [&table, size, fetches](int level, uint64_t index) -> Result<Hash> {
    ++*fetches;
    if (level < 0 || level > 62 || ((index + 1) << level) > size) {
      return Status::Invalid("fetch outside the tree");
    }
    if (static_cast<size_t>(level) >= table.size() || index >= table[level].size()) {
      return Status::NotFound("node not stored");
    }
    return table[level][index];
  };
}

struct Fixture {
  std::vector<Hash> leaves;
  NodeTable table;
  CompactRange range;
};

Fixture BuildTree(uint64_t n) {
  Fixture f;
  for (uint64_t i = 0; i < n; ++i) {
    f.leaves.push_back(LeafHash("entry " + std::to_string(i)));
    std::vector<CompletedNode> completed;
    f.range.Append(f.leaves.back(), &completed);
    Store(completed, &f.table);
  }
  return f;
}

Hash FlipBit(Hash h, int bit) {
  h[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  return h;
}

// Every variation of a valid inclusion proof must be rejected.
void ExpectInclusionProbesFail(uint64_t index, uint64_t size, const Hash& leaf,
                               const std::vector<Hash>& proof, const Hash& root) {
  SCOPED_TRACE("inclusion index=" + std::to_string(index) + " size=" + std::to_string(size));
  ASSERT_TRUE(VerifyInclusion(index, size, leaf, proof, root));
  if (index > 0) {
    EXPECT_FALSE(VerifyInclusion(index - 1, size, leaf, proof, root));
  }
  EXPECT_FALSE(VerifyInclusion(index + 1, size, leaf, proof, root));
  EXPECT_FALSE(VerifyInclusion(index, size * 2, leaf, proof, root));
  EXPECT_FALSE(VerifyInclusion(index, size / 2, leaf, proof, root));
  EXPECT_FALSE(VerifyInclusion(index, size, leaf, proof, FlipBit(root, 0)));
  EXPECT_FALSE(VerifyInclusion(index, size, FlipBit(leaf, 255), proof, root));
  if (leaf != root) {
    EXPECT_FALSE(VerifyInclusion(index, size, root, proof, leaf));
  }
  for (size_t i = 0; i < proof.size(); ++i) {
    for (int bit : {0, 7, 100, 255}) {
      std::vector<Hash> bad = proof;
      bad[i] = FlipBit(bad[i], bit);
      EXPECT_FALSE(VerifyInclusion(index, size, leaf, bad, root)) << "element " << i;
    }
    std::vector<Hash> removed = proof;
    removed.erase(removed.begin() + static_cast<std::ptrdiff_t>(i));
    EXPECT_FALSE(VerifyInclusion(index, size, leaf, removed, root)) << "removed " << i;
  }
  std::vector<Hash> added = proof;
  added.push_back(leaf);
  EXPECT_FALSE(VerifyInclusion(index, size, leaf, added, root));
  added = proof;
  added.insert(added.begin(), Hash{});
  EXPECT_FALSE(VerifyInclusion(index, size, leaf, added, root));
}

void ExpectConsistencyProbesFail(uint64_t m, uint64_t n, const Hash& root_m, const Hash& root_n,
                                 const std::vector<Hash>& proof) {
  SCOPED_TRACE("consistency m=" + std::to_string(m) + " n=" + std::to_string(n));
  ASSERT_TRUE(VerifyConsistency(m, n, root_m, root_n, proof));
  if (m > 1) {
    EXPECT_FALSE(VerifyConsistency(m - 1, n, root_m, root_n, proof));
  }
  if (m + 1 < n) {
    EXPECT_FALSE(VerifyConsistency(m + 1, n, root_m, root_n, proof));
  }
  EXPECT_FALSE(VerifyConsistency(m, n * 2, root_m, root_n, proof));
  if (n / 2 > m) {
    EXPECT_FALSE(VerifyConsistency(m, n / 2, root_m, root_n, proof));
  }
  EXPECT_FALSE(VerifyConsistency(m, n, root_n, root_m, proof));
  EXPECT_FALSE(VerifyConsistency(m, n, FlipBit(root_m, 3), root_n, proof));
  EXPECT_FALSE(VerifyConsistency(m, n, root_m, FlipBit(root_n, 3), proof));
  for (size_t i = 0; i < proof.size(); ++i) {
    for (int bit : {0, 7, 100, 255}) {
      std::vector<Hash> bad = proof;
      bad[i] = FlipBit(bad[i], bit);
      EXPECT_FALSE(VerifyConsistency(m, n, root_m, root_n, bad)) << "element " << i;
    }
    std::vector<Hash> removed = proof;
    removed.erase(removed.begin() + static_cast<std::ptrdiff_t>(i));
    EXPECT_FALSE(VerifyConsistency(m, n, root_m, root_n, removed)) << "removed " << i;
  }
  std::vector<Hash> added = proof;
  added.push_back(root_n);
  EXPECT_FALSE(VerifyConsistency(m, n, root_m, root_n, added));
  added = proof;
  added.insert(added.begin(), root_m);
  EXPECT_FALSE(VerifyConsistency(m, n, root_m, root_n, added));
}

// ---- Vectors -----------------------------------------------------------------

TEST(MerkleTest, EmptyTreeRootIsSha256OfEmptyString) {
  EXPECT_EQ(HashHex(EmptyRoot()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(RootOf({}), EmptyRoot());
  EXPECT_EQ(CompactRange().Root(), EmptyRoot());
}

TEST(MerkleTest, LeafHashOfEmptyEntryMatchesRfc6962Vector) {
  EXPECT_EQ(HashHex(LeafHash("")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

TEST(MerkleTest, NodeHashPrefixesOneAndConcatenates) {
  const Hash l = LeafHash("a");
  const Hash r = LeafHash("b");
  EXPECT_EQ(NodeHash(l, r),
            Sha256(std::string("\x01", 1) + std::string(HashBytes(l)) + std::string(HashBytes(r))));
  EXPECT_NE(NodeHash(l, r), NodeHash(r, l));
}

TEST(MerkleTest, RootOfEightLeavesAndEveryPrefixMatchesRfc6962Vectors) {
  const std::vector<Hash> leaves = Rfc6962LeafHashes();
  const std::vector<std::string> want = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  ReferenceTree ref(leaves);
  CompactRange range;
  for (size_t n = 1; n <= 8; ++n) {
    range.Append(leaves[n - 1]);
    EXPECT_EQ(HashHex(RootOf(std::span(leaves).first(n))), want[n - 1]) << "size " << n;
    EXPECT_EQ(HashHex(range.Root()), want[n - 1]) << "size " << n;
    EXPECT_EQ(HashHex(ref.Mth(0, n)), want[n - 1]) << "size " << n;
  }
}

TEST(MerkleTest, InclusionProofsMatchRfc6962VectorsAndRejectEveryProbe) {
  const std::vector<Hash> leaves = Rfc6962LeafHashes();
  struct Case {
    uint64_t index, size;
    std::vector<Hash> proof;
  };
  const std::vector<Case> cases = {
      {0, 1, {}},
      {0, 8,
       Hs({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
           "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
           "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {5, 8,
       Hs({"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
           "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
           "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 3, Hs({"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"})},
      {1, 5,
       Hs({"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
           "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
           "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
  };
  for (const Case& c : cases) {
    const auto prefix = std::span(leaves).first(c.size);
    Result<std::vector<Hash>> proof = InclusionProof(c.index, prefix);
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_EQ(*proof, c.proof) << "index " << c.index << " size " << c.size;
    ExpectInclusionProbesFail(c.index, c.size, leaves[c.index], c.proof, RootOf(prefix));
  }
}

TEST(MerkleTest, ConsistencyProofsMatchRfc6962VectorsAndRejectEveryProbe) {
  const std::vector<Hash> leaves = Rfc6962LeafHashes();
  struct Case {
    uint64_t m, n;
    std::vector<Hash> proof;
  };
  const std::vector<Case> cases = {
      {1, 8,
       Hs({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
           "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
           "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {6, 8,
       Hs({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
           "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
           "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 5,
       Hs({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
           "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
      {6, 7,
       Hs({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
           "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
           "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
  };
  for (const Case& c : cases) {
    const auto old_tree = std::span(leaves).first(c.m);
    const auto new_tree = std::span(leaves).first(c.n);
    Result<std::vector<Hash>> proof = ConsistencyProof(c.m, new_tree);
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_EQ(*proof, c.proof) << "m " << c.m << " n " << c.n;
    ExpectConsistencyProbesFail(c.m, c.n, RootOf(old_tree), RootOf(new_tree), c.proof);
  }
}

// ---- Edge cases of the RFC's domain -----------------------------------------

TEST(MerkleTest, ConsistencyOfEqualSizesNeedsEmptyProofAndEqualRoots) {
  const std::vector<Hash> leaves = Rfc6962LeafHashes();
  const Hash root = RootOf(leaves);
  Result<std::vector<Hash>> proof = ConsistencyProof(8, leaves);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(proof->empty());
  EXPECT_TRUE(VerifyConsistency(8, 8, root, root, {}));
  EXPECT_FALSE(VerifyConsistency(8, 8, root, FlipBit(root, 1), {}));
  EXPECT_FALSE(VerifyConsistency(8, 8, root, root, {root}));
}

TEST(MerkleTest, ConsistencyFromEmptyTreeOrToSmallerTreeIsRejected) {
  const std::vector<Hash> leaves = Rfc6962LeafHashes();
  EXPECT_FALSE(ConsistencyProof(0, leaves).ok());
  EXPECT_FALSE(ConsistencyProof(9, leaves).ok());
  EXPECT_FALSE(VerifyConsistency(0, 8, EmptyRoot(), RootOf(leaves), {}));
  EXPECT_FALSE(VerifyConsistency(0, 0, EmptyRoot(), EmptyRoot(), {}));
  EXPECT_FALSE(VerifyConsistency(5, 4, RootOf(leaves), RootOf(leaves), {}));
  EXPECT_FALSE(VerifyConsistency(2, 5, RootOf(leaves), RootOf(leaves), {}));
}

TEST(MerkleTest, InclusionOutsideTheTreeIsRejected) {
  const std::vector<Hash> leaves = Rfc6962LeafHashes();
  EXPECT_FALSE(InclusionProof(8, leaves).ok());
  EXPECT_FALSE(InclusionProof(0, std::span<const Hash>()).ok());
  EXPECT_FALSE(VerifyInclusion(0, 0, EmptyRoot(), {}, EmptyRoot()));
  EXPECT_FALSE(VerifyInclusion(8, 8, leaves[0], {}, RootOf(leaves)));
  // A one-leaf tree: the leaf is the root and the proof is empty.
  EXPECT_TRUE(VerifyInclusion(0, 1, leaves[0], {}, leaves[0]));
}

TEST(MerkleTest, FetcherErrorsArePassedThrough) {
  const NodeFetcher broken = [](int, uint64_t) -> Result<Hash> {
    return Status::Io("disk on fire");
  };
  EXPECT_EQ(InclusionProof(3, 10, broken).status().code(), Code::kIo);
  EXPECT_EQ(ConsistencyProof(3, 10, broken).status().code(), Code::kIo);
  EXPECT_EQ(RootFromFetcher(10, broken).status().code(), Code::kIo);
  EXPECT_EQ(CompactRange::FromFetcher(10, broken).status().code(), Code::kIo);
}

// ---- CompactRange -----------------------------------------------------------

TEST(MerkleTest, CompactRangeRootEqualsRootOfForEverySizeUpTo600) {
  std::vector<Hash> leaves;
  CompactRange range;
  EXPECT_EQ(range.Root(), RootOf(leaves));
  for (int i = 0; i < 600; ++i) {
    leaves.push_back(LeafHash(std::to_string(i)));
    range.Append(leaves.back());
    ASSERT_EQ(range.size(), leaves.size());
    ASSERT_EQ(range.Root(), RootOf(leaves)) << "size " << leaves.size();
    ASSERT_EQ(range.nodes().size(), static_cast<size_t>(std::popcount(range.size())));
  }
}

TEST(MerkleTest, CompletedNodeReportsReproduceEveryPerfectSubtreeExactlyOnce) {
  constexpr uint64_t kLeaves = 600;
  std::vector<Hash> leaves;
  CompactRange range;
  std::map<std::pair<int, uint64_t>, Hash> reported;
  for (uint64_t i = 0; i < kLeaves; ++i) {
    leaves.push_back(LeafHash("leaf " + std::to_string(i)));
    std::vector<CompletedNode> completed;
    range.Append(leaves.back(), &completed);
    ASSERT_FALSE(completed.empty());
    int previous_level = -1;
    for (const auto& [level, index, hash] : completed) {
      EXPECT_EQ(level, previous_level + 1) << "reports go bottom-up";
      previous_level = level;
      EXPECT_EQ((index + 1) << level, i + 1) << "only nodes completed by this leaf";
      EXPECT_TRUE(reported.emplace(std::make_pair(level, index), hash).second) << "duplicate";
    }
  }
  ReferenceTree ref(leaves);
  size_t perfect = 0;
  for (int level = 0; (uint64_t{1} << level) <= kLeaves; ++level) {
    const uint64_t width = uint64_t{1} << level;
    for (uint64_t index = 0; (index + 1) * width <= kLeaves; ++index) {
      ++perfect;
      auto it = reported.find({level, index});
      ASSERT_NE(it, reported.end()) << level << "/" << index;
      EXPECT_EQ(it->second, ref.Mth(index * width, (index + 1) * width)) << level << "/" << index;
    }
  }
  EXPECT_EQ(reported.size(), perfect);
}

TEST(MerkleTest, CompactRangeSurvivesSerializationAndRebuildFromStoredNodes) {
  Fixture f = BuildTree(300);
  CompactRange range;
  for (uint64_t n = 0; n <= 300; ++n) {
    if (n > 0) range.Append(f.leaves[n - 1]);
    Result<CompactRange> back = CompactRange::Deserialize(range.Serialize());
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, range);
    EXPECT_EQ(range.Serialize().size(), 8 + 32 * static_cast<size_t>(std::popcount(n)));
    int fetches = 0;
    Result<CompactRange> rebuilt =
        CompactRange::FromFetcher(n, TableFetcher(f.table, n, &fetches));
    ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
    EXPECT_EQ(*rebuilt, range);
    EXPECT_EQ(fetches, std::popcount(n));
    Result<Hash> root = RootFromFetcher(n, TableFetcher(f.table, n, &fetches));
    ASSERT_TRUE(root.ok());
    EXPECT_EQ(*root, range.Root());
  }
}

TEST(MerkleTest, CompactRangeCopyActsAsRollbackSnapshot) {
  Fixture f = BuildTree(40);
  CompactRange range;
  for (int i = 0; i < 20; ++i) range.Append(f.leaves[i]);
  const CompactRange snapshot = range;
  range.Append(LeafHash("rolled back"));
  range.Append(LeafHash("rolled back too"));
  range = snapshot;
  for (int i = 20; i < 40; ++i) range.Append(f.leaves[i]);
  EXPECT_EQ(range.Root(), RootOf(f.leaves));
}

TEST(MerkleTest, CompactRangeDeserializeRejectsMalformedBytes) {
  Fixture f = BuildTree(7);  // three nodes
  const std::string good = f.range.Serialize();
  EXPECT_FALSE(CompactRange::Deserialize("").ok());
  EXPECT_FALSE(CompactRange::Deserialize(good.substr(0, 7)).ok());
  EXPECT_FALSE(CompactRange::Deserialize(good.substr(0, good.size() - 1)).ok());
  EXPECT_FALSE(CompactRange::Deserialize(good + "x").ok());
  std::string wrong_size = good;
  wrong_size[7] = 8;  // popcount 1, but three nodes follow
  EXPECT_FALSE(CompactRange::Deserialize(wrong_size).ok());
  EXPECT_FALSE(CompactRange::Deserialize(std::string(8, '\xff')).ok());
  EXPECT_FALSE(CompactRange::FromNodes(3, {Hash{}}).ok());
}

// ---- Exhaustive comparison with the reference ---------------------------------

TEST(MerkleTest, InclusionProofsFromStoredNodesEqualReferenceForEveryTreeUpTo512) {
  Fixture f = BuildTree(kExhaustiveMax);
  ReferenceTree ref(f.leaves);
  for (uint64_t n = 1; n <= kExhaustiveMax; ++n) {
    const Hash root = ref.Mth(0, n);
    const int max_fetches = 2 * std::bit_width(n) + 1;
    for (uint64_t i = 0; i < n; ++i) {
      int fetches = 0;
      Result<std::vector<Hash>> proof = InclusionProof(i, n, TableFetcher(f.table, n, &fetches));
      ASSERT_TRUE(proof.ok()) << i << "/" << n << ": " << proof.status().ToString();
      ASSERT_EQ(*proof, ref.InclusionPath(i, n)) << i << "/" << n;
      ASSERT_LE(fetches, max_fetches) << i << "/" << n;
      ASSERT_TRUE(VerifyInclusion(i, n, f.leaves[i], *proof, root)) << i << "/" << n;
      if (n <= kProbeMax) ExpectInclusionProbesFail(i, n, f.leaves[i], *proof, root);
    }
  }
}

TEST(MerkleTest, ConsistencyProofsFromStoredNodesEqualReferenceForEveryPairUpTo512) {
  Fixture f = BuildTree(kExhaustiveMax);
  ReferenceTree ref(f.leaves);
  for (uint64_t n = 1; n <= kExhaustiveMax; ++n) {
    const Hash root_n = ref.Mth(0, n);
    const int max_fetches = 2 * std::bit_width(n) + 1;
    for (uint64_t m = 1; m <= n; ++m) {
      int fetches = 0;
      Result<std::vector<Hash>> proof =
          ConsistencyProof(m, n, TableFetcher(f.table, n, &fetches));
      ASSERT_TRUE(proof.ok()) << m << "/" << n << ": " << proof.status().ToString();
      ASSERT_EQ(*proof, ref.ConsistencyPath(m, n)) << m << "/" << n;
      ASSERT_LE(fetches, max_fetches) << m << "/" << n;
      const Hash root_m = ref.Mth(0, m);
      ASSERT_TRUE(VerifyConsistency(m, n, root_m, root_n, *proof)) << m << "/" << n;
      if (n <= kProbeMax && m < n) ExpectConsistencyProbesFail(m, n, root_m, root_n, *proof);
    }
  }
}

}  // namespace
}  // namespace sabt
