// The parallel journal pass of `sabt verify` (docs/journal-format.md §6.1)
// folds the same Merkle root as a sequential fold, for every journal size
// around chunk boundaries and any number of workers, and still finds a
// missing stored node; --since-checkpoint (§6.2) starts from a stored, signed
// result at any (unaligned) size and reaches the same root.
#include <gtest/gtest.h>

#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>

#include "app/verify.h"
#include "app/verify/result_note.h"
#include "app/verify/since.h"
#include "journal/appender.h"
#include "journal/merkle.h"
#include "util/random.h"

namespace sabt::app {
namespace {

class VerifyPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sabt-vpipe-" + RandomToken(6));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A fresh store with n audit entries (every third with a payload) and a
  // tree head after every 3 appends and at the end.
  std::unique_ptr<store::Store> Journal(int n, const std::string& name) {
    db_ = (dir_ / (name + ".db")).string();
    auto st = store::OpenStore("sqlite:" + db_);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    Append(**st, n);
    return std::move(*st);
  }
  void Append(store::Store& st, int n) {
    auto rtx = st.Read();
    ASSERT_TRUE(rtx.ok());
    auto ap = journal::Appender::Load(**rtx, "central");
    ASSERT_TRUE(ap.ok()) << ap.status().ToString();
    rtx->reset();
    auto wtx = st.BeginWrite();
    ASSERT_TRUE(wtx.ok());
    for (int i = 0; i < n; ++i) {
      journal::NewEntry e;
      e.kind = "audit.viewed";
      e.subject = "s-" + std::to_string(ap->size());
      e.actor = "system";
      e.at_ms = 1700000000000 + ap->size();
      e.data = {{"record", "appeal"}};
      if (i % 3 == 0) e.payload = nlohmann::json{{"reason", "таҳқиқ " + std::to_string(i)}};
      auto a = ap->Append(**wtx, e);
      ASSERT_TRUE(a.ok()) << a.status().ToString();
      leaves_.push_back(a->leaf_hash);
      if (i % 3 == 2 || i == n - 1) {
        ASSERT_TRUE(ap->WriteTreeHead(**wtx, e.at_ms).ok());
      }
    }
    ASSERT_TRUE((*wtx)->Commit().ok());
  }
  Hash SequentialRoot() const {
    CompactRange r;
    for (const auto& l : leaves_) r.Append(l);
    return r.Root();
  }
  std::filesystem::path dir_;
  std::string db_;
  std::vector<Hash> leaves_;
};

TEST_F(VerifyPipelineTest, ParallelFoldGivesTheSequentialRootForEverySizeChunkAndWorkerCount) {
  const std::vector<std::pair<int, int64_t>> shapes = {{1, 1}, {2, 2}, {3, 4}, {4, 8}, {2, 1024}};
  for (int n : {0, 1, 2, 3, 5, 7, 8, 9, 16, 17, 31, 33, 64, 65}) {
    leaves_.clear();
    auto st = Journal(n, "n" + std::to_string(n));
    ASSERT_EQ(leaves_.size(), static_cast<size_t>(n));
    const Hash want = SequentialRoot();
    EXPECT_EQ(want, RootOf(leaves_));
    for (const auto& [workers, chunk] : shapes) {
      VerifyOptions o;
      o.workers = workers;
      o.chunk = chunk;
      auto rep = Verify(*st, o);
      ASSERT_TRUE(rep.ok()) << rep.status().ToString();
      EXPECT_TRUE(rep->ok) << "n=" << n << " chunk=" << chunk << ": " << rep->fault;
      EXPECT_EQ(rep->root, want) << "n=" << n << " chunk=" << chunk << " workers=" << workers;
      EXPECT_EQ(rep->size, n);
      EXPECT_EQ(rep->entries, n);
      EXPECT_EQ(rep->last_seq.count("central") ? rep->last_seq.at("central") : 0, n);
    }
  }
}

TEST_F(VerifyPipelineTest, MissingStoredNodeAtAChunkBoundaryIsNamed) {
  auto st = Journal(16, "missing");
  {
    SQLite::Database db(db_, SQLite::OPEN_READWRITE);
    db.exec("DELETE FROM merkle_nodes WHERE level = 2 AND idx = 1");  // leaves 4..7: completed by entry 7
  }
  for (int64_t chunk : {1, 4, 8, 1024}) {
    VerifyOptions o;
    o.workers = 2;
    o.chunk = chunk;
    auto rep = Verify(*st, o);
    ASSERT_TRUE(rep.ok());
    EXPECT_FALSE(rep->ok);
    EXPECT_EQ(rep->fault, "Merkle node level 2 index 1 is missing or wrong (first affected: entry 7: )") << chunk;
  }
}

TEST_F(VerifyPipelineTest, SinceCheckpointStartsFromTheSignedResultAtAnUnalignedSizeAndReachesTheSameRoot) {
  auto key = journal::NodeKey{"sabt/central", Ed25519Key::Generate()};
  auto st = Journal(5, "since");
  VerifyOptions o;
  o.workers = 3;
  o.chunk = 4;
  auto none = verify::VerifySince(*st, key, o);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->no_result);
  auto full = Verify(*st, o);
  ASSERT_TRUE(full.ok() && full->ok);
  ASSERT_TRUE(verify::StoreVerifyResult(*st, key, *full, 1700000000000).ok());
  Append(*st, 11);
  auto since = verify::VerifySince(*st, key, o);
  ASSERT_TRUE(since.ok()) << since.status().ToString();
  ASSERT_FALSE(since->no_result);
  EXPECT_TRUE(since->report.ok) << since->report.fault;
  EXPECT_EQ(since->report.since, 5);
  EXPECT_EQ(since->report.entries, 11);
  EXPECT_EQ(since->report.root, SequentialRoot());
  EXPECT_EQ(since->report.last_seq.at("central"), 16);
  // Another node key does not accept the stored result.
  auto other = journal::NodeKey{"sabt/central", Ed25519Key::Generate()};
  auto refused = verify::VerifySince(*st, other, o);
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->report.ok);
  EXPECT_NE(refused->report.fault.find("its signature does not verify with the node key"), std::string::npos)
      << refused->report.fault;
}

TEST(VerifyResultNoteTest, RoundTripsAndRefusesAnEditedNote) {
  auto key = journal::NodeKey{"sabt/central", Ed25519Key::Generate()};
  verify::VerifyResult r;
  r.size = 42;
  r.root = LeafHash("x");
  r.since = 40;
  r.at = "2026-12-03T16:00:00.000Z";
  r.last_seq = {{"central", 40}, {"DSH-SNO-0001", 2}};
  r.keys = {key.VerifierKey()};
  auto note = verify::SignResult(r, key);
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  auto back = verify::OpenResult(*note, key);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->size, 42);
  EXPECT_EQ(back->root, r.root);
  EXPECT_EQ(back->since, 40);
  EXPECT_EQ(back->last_seq, r.last_seq);
  EXPECT_EQ(back->keys, r.keys);
  std::string edited = *note;
  edited.replace(edited.find("size 42"), 7, "size 41");
  EXPECT_FALSE(verify::OpenResult(edited, key).ok());
}

}  // namespace
}  // namespace sabt::app
