// The write path on a real SQLite file: group commit, savepoints, gapless
// numbers, replay.
#include <gtest/gtest.h>

#include <filesystem>
#include <chrono>
#include <future>
#include <thread>

#include "app/admin.h"
#include "app/app.h"
#include "app/demo.h"
#include "app/verify.h"
#include "util/random.h"
#include "temp_node.h"

namespace sabt::app {
namespace {

class WriterTest : public TempNodeTest {
 protected:
  void SetUp() override {
    TempNodeTest::SetUp();
    app_ = OpenApp();
    ASSERT_NE(app_, nullptr);
  }
  Writer::Command Department(const std::string& code) {
    return [code](WriteContext& ctx) -> Result<nlohmann::json> {
      journal::NewEntry e;
      e.kind = "department.upserted";
      e.subject = code;
      e.actor = "system";
      e.at_ms = ctx.now_ms();
      e.data = {{"code", code}, {"parent", nullptr}, {"kind", "ministry"}, {"name_tg", "т"}, {"name_ru", "р"},
                {"name_en", "e"}};
      auto ap = ctx.Record(std::move(e));
      if (!ap.ok()) return ap.status();
      return nlohmann::json{{"index", ap->index}};
    };
  }
};

TEST_F(WriterTest, OneBadCommandDoesNotFailItsBatchNeighbours) {
  // A command that writes an entry and then fails must leave nothing behind.
  auto bad = [this](WriteContext& ctx) -> Result<nlohmann::json> {
    auto r = Department("BAD")(ctx);
    if (!r.ok()) return r.status();
    return Status::Invalid("refused after writing");
  };
  std::vector<std::future<Result<nlohmann::json>>> fs;
  std::vector<Writer::Command> cmds = {Department("A"), bad, Department("B")};
  for (auto& c : cmds) {
    auto p = std::make_shared<std::promise<Result<nlohmann::json>>>();
    fs.push_back(p->get_future());
    app_->writer().Submit(c, [p](Result<nlohmann::json> r) { p->set_value(std::move(r)); });
  }
  auto a = fs[0].get(), b = fs[1].get(), c = fs[2].get();
  EXPECT_TRUE(a.ok());
  EXPECT_FALSE(b.ok());
  EXPECT_TRUE(c.ok());
  EXPECT_EQ((*c)["index"], 1) << "the failed command's entry index is reused, so the journal stays gapless";
  EXPECT_EQ(app_->writer().Head().first, 2);
  auto rep = Verify(app_->store());
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->fault;
  auto tx = app_->store().Read();
  auto depts = (*tx)->Departments();
  EXPECT_EQ(depts->size(), 2u);
}

TEST_F(WriterTest, NumbersStayGaplessWhenATransactionRollsBack) {
  auto take = [](bool fail) {
    return [fail](WriteContext& ctx) -> Result<nlohmann::json> {
      auto n = ctx.tx().NextNumber("DSH-SNO", 2026);
      if (!n.ok()) return n.status();
      if (fail) return Status::Invalid("rolled back");
      return nlohmann::json{{"n", *n}};
    };
  };
  EXPECT_EQ((*app_->writer().Run(take(false)))["n"], 1);
  EXPECT_FALSE(app_->writer().Run(take(true)).ok());
  EXPECT_EQ((*app_->writer().Run(take(false)))["n"], 2);
}

TEST_F(WriterTest, DemoDataVerifiesAndRebuildReproducesTheSameTables) {
  DemoOptions o;
  o.appeals = 40;
  auto logins = GenerateDemo(*app_, o);
  ASSERT_TRUE(logins.ok()) << logins.status().ToString();
  EXPECT_GE(logins->size(), 8u);
  auto rep = Verify(app_->store());
  ASSERT_TRUE(rep.ok());
  ASSERT_TRUE(rep->ok) << rep->fault;
  auto n = Rebuild(app_->store());
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  auto rep2 = Verify(app_->store());
  ASSERT_TRUE(rep2.ok());
  EXPECT_TRUE(rep2->ok) << rep2->fault;
  EXPECT_EQ(rep->root_hex, rep2->root_hex);
  EXPECT_EQ(rep->rows_compared, rep2->rows_compared);
}

TEST_F(WriterTest, DemoRefusesANodeThatAlreadyHasData) {
  DemoOptions o;
  o.appeals = 0;
  ASSERT_TRUE(GenerateDemo(*app_, o).ok());
  auto again = GenerateDemo(*app_, o);
  EXPECT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), Code::kConflict);
}

TEST_F(WriterTest, JournalStateSurvivesAReopen) {
  ASSERT_TRUE(app_->writer().Run(Department("A")).ok());
  ASSERT_TRUE(app_->writer().Run(Department("B")).ok());
  auto head = app_->writer().Head();
  std::string url = app_->config().db_url;
  app_.reset();
  NodeConfig cfg;
  cfg.db_url = url;
  auto a = App::Open(cfg);
  ASSERT_TRUE(a.ok());
  app_ = std::move(*a);
  EXPECT_EQ(app_->writer().Head(), head);
  auto r = app_->writer().Run(Department("C"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["index"], 2);
  auto rep = Verify(app_->store());
  EXPECT_TRUE(rep->ok) << rep->fault;
}

TEST_F(WriterTest, AnotherProcessAppendingIsPickedUpBeforeTheNextWriteAndWhileIdle) {
  // A second node on the same file stands in for an administrator's CLI
  // command run while the server runs.
  ASSERT_TRUE(app_->writer().Run(Department("A")).ok());
  NodeConfig cfg;
  cfg.db_url = app_->config().db_url;
  auto other = App::Open(cfg);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  ASSERT_TRUE((*other)->writer().Run(Department("B")).ok());
  ASSERT_TRUE((*other)->writer().Run(Department("C")).ok());
  other->reset();

  // While idle: the head moves to 3 and the department list has B and C
  // within a few idle checks, with no write of this node.
  for (int i = 0; i < 100 && app_->writer().Head().first != 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(app_->writer().Head().first, 3);
  EXPECT_NE(app_->catalog().Get()->tree.Find("C"), nullptr) << "the lists were reloaded";

  // Its own next entry follows the other node's, and the tree verifies.
  auto r = app_->writer().Run(Department("D"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["index"], 3);
  auto rep = Verify(app_->store());
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->fault;
}

TEST_F(WriterTest, AWriteRightAfterAnotherProcessAppendedContinuesItsTree) {
  NodeConfig cfg;
  cfg.db_url = app_->config().db_url;
  auto other = App::Open(cfg);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE((*other)->writer().Run(Department("B")).ok());
  other->reset();
  // No wait: the write batch itself notices the longer journal.
  auto r = app_->writer().Run(Department("E"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["index"], 1);
  auto rep = Verify(app_->store());
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->fault;
}

}  // namespace
}  // namespace sabt::app
