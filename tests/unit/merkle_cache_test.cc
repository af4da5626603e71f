// Proofs served through the cache of the upper Merkle levels are the proofs
// read from the store, on a real SQLite file (docs/verification.md §3).
#include <gtest/gtest.h>

#include <vector>

#include "app/app.h"
#include "app/log.h"
#include "journal/merkle_cache.h"
#include "temp_node.h"

namespace sabt::app {
namespace {

class MerkleCacheTest : public TempNodeTest {
 protected:
  void SetUp() override {
    TempNodeTest::SetUp();
    app_ = OpenApp();
    ASSERT_NE(app_, nullptr);
    // 700 entries: complete subtrees up to level 9 (512 leaves).
    auto r = app_->writer().Run([](WriteContext& ctx) -> Result<nlohmann::json> {
      for (int i = 0; i < 700; ++i) {
        journal::NewEntry e;
        e.kind = "department.upserted";
        e.subject = "D" + std::to_string(i);
        e.actor = "system";
        e.at_ms = ctx.now_ms();
        e.data = {{"code", "D" + std::to_string(i)}, {"parent", nullptr}, {"kind", "ministry"},
                  {"name_tg", "т"}, {"name_ru", "р"}, {"name_en", "e"}};
        auto ap = ctx.Record(std::move(e));
        if (!ap.ok()) return ap.status();
      }
      return nlohmann::json::object();
    });
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
};

TEST_F(MerkleCacheTest, ProofsThroughTheCacheEqualProofsFromTheStoreAndVerify) {
  journal::MerkleNodeCache cache(/*min_level=*/8);
  auto tx = app_->store().Read();
  ASSERT_TRUE(tx.ok());
  const int64_t n = *(*tx)->JournalSize();
  ASSERT_GE(n, 700);
  auto root = RootAt(**tx, n);
  ASSERT_TRUE(root.ok());
  for (int pass = 0; pass < 2; ++pass) {  // pass 1 fills the cache, pass 2 reads from it
    for (int64_t i : {int64_t{0}, int64_t{1}, int64_t{255}, int64_t{256}, int64_t{511}, int64_t{512}, n - 1}) {
      auto plain = InclusionProofAt(**tx, i, n);
      auto cached = InclusionProofAt(**tx, i, n, &cache);
      ASSERT_TRUE(plain.ok() && cached.ok());
      EXPECT_EQ(*plain, *cached) << "index " << i << " pass " << pass;
      auto e = (*tx)->Entry(i);
      ASSERT_TRUE(e.ok() && e->has_value());
      EXPECT_TRUE(VerifyInclusion(static_cast<uint64_t>(i), static_cast<uint64_t>(n), (*e)->leaf_hash, *cached, *root));
    }
    for (int64_t from : {int64_t{1}, int64_t{256}, int64_t{300}, int64_t{512}}) {
      auto plain = ConsistencyProofAt(**tx, from, n);
      auto cached = ConsistencyProofAt(**tx, from, n, &cache);
      ASSERT_TRUE(plain.ok() && cached.ok());
      EXPECT_EQ(*plain, *cached) << "from " << from;
    }
  }
  EXPECT_GT(cache.size(), 0u) << "upper-level nodes were cached";
}

TEST(MerkleNodeCache, KeepsOnlyTheUpperLevelsAndStopsGrowingAtItsBound) {
  journal::MerkleNodeCache cache(/*min_level=*/8, /*max_nodes=*/2);
  Hash h{};
  h[0] = 7;
  cache.Put(7, 1, h);
  EXPECT_FALSE(cache.Get(7, 1).has_value()) << "level 7 is below the cached levels";
  cache.Put(8, 1, h);
  cache.Put(9, 1, h);
  cache.Put(10, 1, h);
  EXPECT_EQ(cache.size(), 2u);
  ASSERT_TRUE(cache.Get(8, 1).has_value());
  EXPECT_EQ((*cache.Get(8, 1))[0], 7);
  EXPECT_FALSE(cache.Get(8, 2).has_value());
  EXPECT_FALSE(cache.Get(10, 1).has_value()) << "not kept past the bound";
}

}  // namespace
}  // namespace sabt::app
