// The SQLite store applies the same erasure rule as PostgreSQL's
// sabt_erase_payload(): a payload is deleted only when a payload.erased
// entry naming it (and its kind) is already in the journal, in the same
// transaction.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "journal/appender.h"
#include "store/sqlite/sqlite_store.h"
#include "util/random.h"

namespace sabt {
namespace {

journal::NewEntry Entry(const std::string& kind, nlohmann::json data) {
  journal::NewEntry e;
  e.kind = kind;
  e.subject = "s";
  e.actor = "tester";
  e.at_ms = 1795000000000;
  e.data = std::move(data);
  e.payload = nlohmann::json{{"text", "Ҳасан"}};
  return e;
}

TEST(SqliteErasure, PayloadIsDeletedOnlyWithAMatchingErasureEntryInTheJournal) {
  auto dir = std::filesystem::temp_directory_path() / ("sabt-erase-" + RandomToken(6));
  std::filesystem::create_directories(dir);
  {
    store::sqlite::Options o;
    o.path = (dir / "e.db").string();
    auto s = store::sqlite::SqliteStore::Open(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    auto rtx = (*s)->Read();
    auto appender = journal::Appender::Load(**rtx, "central");
    ASSERT_TRUE(appender.ok());
    rtx->reset();
    auto w = (*s)->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(appender->Append(**w, Entry("test.entry", {{"i", 0}})).ok());
    ASSERT_TRUE(appender->Append(**w, Entry("test.entry", {{"i", 1}})).ok());
    // Entry 1 is not an erasure: refused.
    EXPECT_FALSE((*w)->DeletePayload(0, 1).ok());
    // An erasure entry naming the wrong kind: refused.
    auto bad = appender->Append(**w, Entry("payload.erased", {{"target", 0}, {"target_kind", "appeal.registered"}}));
    ASSERT_TRUE(bad.ok());
    EXPECT_FALSE((*w)->DeletePayload(0, bad->index).ok());
    // One that names entry 0 does not erase entry 1.
    auto good = appender->Append(**w, Entry("payload.erased", {{"target", 0}, {"target_kind", "test.entry"}}));
    ASSERT_TRUE(good.ok());
    EXPECT_FALSE((*w)->DeletePayload(1, good->index).ok());
    ASSERT_TRUE((*w)->DeletePayload(0, good->index).ok());
    EXPECT_FALSE((*w)->DeletePayload(0, good->index).ok()) << "already erased";
    ASSERT_TRUE((*w)->Commit().ok());
    w->reset();
    auto tx = (*s)->Read();
    EXPECT_FALSE((*(*tx)->Payload(0)).has_value());
    EXPECT_TRUE((*(*tx)->Payload(1)).has_value());
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sabt
