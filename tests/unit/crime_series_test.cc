// Every register series (appeals, crime reports, criminal cases) is proved
// gapless and free of duplicates by `sabt verify`, on real SQLite files.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/app.h"
#include "app/series_check.h"
#include "app/verify.h"
#include "store/sqlite/sqlite_store.h"
#include "util/random.h"
#include "temp_node.h"

namespace sabt::app {
namespace {

class CrimeSeriesTest : public TempNodeTest {
 protected:
  // A crime report entry with a number chosen by the test (a forged write
  // that skipped the series counter).
  static Writer::Command Report(const std::string& id, int64_t n) {
    return [id, n](WriteContext& ctx) -> Result<nlohmann::json> {
      journal::NewEntry e;
      e.kind = "crime.registered";
      e.subject = id;
      e.actor = "system";
      e.at_ms = ctx.now_ms();
      e.data = {{"number", "KUSP-T/2026/" + std::to_string(n)}, {"series", "KUSP-T"}, {"year", 2026}, {"n", n},
                {"department", "T"}, {"source", "phone"}, {"due_day", 0}};
      auto ap = ctx.Record(std::move(e));
      if (!ap.ok()) return ap.status();
      return nlohmann::json::object();
    };
  }
};

TEST_F(CrimeSeriesTest, VerifyAcceptsAGaplessCrimeSeriesAndNamesAGap) {
  auto app = OpenApp();
  ASSERT_TRUE(app);
  ASSERT_TRUE(app->writer().Run(Report("r1", 1)).ok());
  ASSERT_TRUE(app->writer().Run(Report("r2", 2)).ok());
  auto ok = Verify(app->store());
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(ok->ok) << ok->fault;
  ASSERT_TRUE(app->writer().Run(Report("r4", 4)).ok());
  auto bad = Verify(app->store());
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(bad->ok);
  EXPECT_NE(bad->fault.find("KUSP-T/2026: number 3 is missing"), std::string::npos) << bad->fault;
}

TEST_F(CrimeSeriesTest, AJournalRowInsertedBehindTheWritersBackWithAUsedNumberIsFound) {
  {
    auto app = OpenApp();
    ASSERT_TRUE(app);
    ASSERT_TRUE(app->writer().Run(Report("r1", 1)).ok());
    ASSERT_TRUE(app->writer().Run(Report("r2", 2)).ok());
  }
  store::sqlite::Options o;
  o.path = (dir_ / "t.db").string();
  auto st = store::sqlite::SqliteStore::Open(o);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  {
    auto r = (*st)->Read();
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(CheckSeriesInJournal(**r).ok());
  }
  {
    // Tamper: a raw journal row reusing number 2 of the series.
    auto w = (*st)->BeginWrite();
    ASSERT_TRUE(w.ok());
    auto size = (*w)->JournalSize();
    ASSERT_TRUE(size.ok());
    store::EntryRow e;
    e.idx = *size;
    e.origin = "forged";
    e.seq = 1;
    e.kind = "crime.registered";
    e.subject = "r2-copy";
    e.at = "2026-11-28T00:00:00.000Z";
    e.entry = R"({"data":{"n":2,"number":"KUSP-T/2026/2","series":"KUSP-T","year":2026},"kind":"crime.registered"})";
    ASSERT_TRUE((*w)->AppendEntry(e, nullptr).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  auto r = (*st)->Read();
  ASSERT_TRUE(r.ok());
  Status s = CheckSeriesInJournal(**r);
  EXPECT_EQ(s.code(), Code::kCorruption);
  EXPECT_NE(s.message().find("KUSP-T/2026: number 2 is used twice"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace sabt::app
