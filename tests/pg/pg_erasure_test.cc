// Erasure on PostgreSQL under least privilege: the application role cannot
// UPDATE or DELETE payloads; the owner's SECURITY DEFINER function
// sabt_erase_payload() deletes one only when a payload.erased entry for it is
// in the journal of the same transaction. See pg_fixture.h for the
// environment the tests need.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "journal/appender.h"
#include "store/postgres/pg_store.h"
#include "pg_fixture.h"

namespace sabt::pgtest {
namespace {

class PgErasureTest : public PgStoreTest {
 protected:
  // The store's connections must be closed before the database is dropped.
  void TearDown() override {
    appender_.reset();
    store_.reset();
    PgStoreTest::TearDown();
  }

  // Appends entries 0 and 1, both with a payload, as the application role.
  void SeedTwoEntries() {
    auto rtx = store_->Read();
    ASSERT_TRUE(rtx.ok());
    auto appender = journal::Appender::Load(**rtx, "central");
    ASSERT_TRUE(appender.ok());
    rtx->reset();
    appender_.emplace(std::move(*appender));
    auto w = store_->BeginWrite();
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    ASSERT_TRUE(appender_->Append(**w, MakeEntry(0, true)).ok());
    ASSERT_TRUE(appender_->Append(**w, MakeEntry(1, true)).ok());
    ASSERT_TRUE(appender_->WriteTreeHead(**w, 1795000000000).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }

  // Appends a payload.erased entry for `target` in tx; returns its index.
  int64_t AppendErasure(store::WriteTx& tx, int64_t target) {
    journal::NewEntry e;
    e.kind = "payload.erased";
    e.subject = "subject";
    e.actor = "tester";
    e.at_ms = 1795000001000;
    e.data = {{"target", target}, {"target_kind", "test.entry"}, {"reason_code", "court_order"}};
    e.payload = nlohmann::json{{"reason", "Қарори суд"}};
    auto ap = appender_->Append(tx, e);
    EXPECT_TRUE(ap.ok()) << ap.status().ToString();
    return ap.ok() ? ap->index : -1;
  }

  bool HasPayload(int64_t idx) {
    auto tx = store_->Read();
    auto p = (*tx)->Payload(idx);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() && p->has_value();
  }

  std::unique_ptr<PostgresStore> store_;
  std::optional<journal::Appender> appender_;
};

TEST_F(PgErasureTest, ApplicationRoleCannotUpdateOrDeletePayloadsDirectly) {
  ASSERT_TRUE(SeparateRoles()) << "needs an owner role other than the application role; " << kHowTo;
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  SeedTwoEntries();
  for (const char* sql : {"DELETE FROM payloads WHERE idx = 0", "UPDATE payloads SET body = 'x' WHERE idx = 0",
                          "TRUNCATE payloads", "DELETE FROM journal WHERE idx = 1",
                          "UPDATE journal SET subject = 'x' WHERE idx = 0"}) {
    std::string err = TryExec(app_url_, sql);
    EXPECT_NE(err.find("permission denied"), std::string::npos) << sql << " as the application role: " << err;
  }
  // Calling the function without a matching erasure entry is refused.
  std::string err = TryExec(app_url_, "SELECT sabt_erase_payload(0, 1)");
  EXPECT_NE(err.find("not a payload.erased or sync.purged entry"), std::string::npos) << err;
  // The owner is stopped by the trigger too: only the function deletes.
  err = TryExec(owner_url_, "DELETE FROM payloads WHERE idx = 0");
  EXPECT_NE(err.find("removed only by an erasure"), std::string::npos) << err;
  err = TryExec(owner_url_, "UPDATE payloads SET body = 'x'");
  EXPECT_NE(err.find("removed only by an erasure"), std::string::npos) << err;
  EXPECT_TRUE(HasPayload(0));
  EXPECT_TRUE(HasPayload(1));
}

TEST_F(PgErasureTest, ErasureThroughTheSecurityDefinerFunctionRemovesExactlyThePayloadItsEntryNames) {
  ASSERT_TRUE(SeparateRoles()) << "needs an owner role other than the application role; " << kHowTo;
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  SeedTwoEntries();
  {
    pqxx::connection c(owner_url_);
    pqxx::nontransaction n(c);
    pqxx::row r = n.exec1(
        "SELECT p.prosecdef, pg_get_userbyid(p.proowner) = current_user, "
        "has_function_privilege('public', p.oid, 'EXECUTE') FROM pg_proc p WHERE p.proname = 'sabt_erase_payload'");
    EXPECT_TRUE(r[0].as<bool>()) << "SECURITY DEFINER";
    EXPECT_TRUE(r[1].as<bool>()) << "owned by the owner role";
    EXPECT_FALSE(r[2].as<bool>()) << "PUBLIC may not execute it";
  }
  {
    // An erasure entry for entry 0 does not let the writer delete entry 1's payload.
    auto w = store_->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Savepoint().ok());
    int64_t e = AppendErasure(**w, 0);
    Status st = (*w)->DeletePayload(1, e);
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.message().find("does not erase entry 1"), std::string::npos) << st.ToString();
    ASSERT_TRUE((*w)->RollbackToSavepoint().ok());
  }  // rolled back
  appender_.reset();
  {
    auto rtx = store_->Read();
    appender_.emplace(std::move(*journal::Appender::Load(**rtx, "central")));
  }
  {
    // Erased, then rolled back: the payload is still there.
    auto w = store_->BeginWrite();
    ASSERT_TRUE(w.ok());
    int64_t e = AppendErasure(**w, 1);
    ASSERT_TRUE((*w)->DeletePayload(1, e).ok());
  }
  EXPECT_TRUE(HasPayload(1));
  appender_.reset();
  {
    auto rtx = store_->Read();
    appender_.emplace(std::move(*journal::Appender::Load(**rtx, "central")));
  }
  {
    auto w = store_->BeginWrite();
    ASSERT_TRUE(w.ok());
    int64_t e = AppendErasure(**w, 0);
    EXPECT_EQ(e, 2);
    Status st = (*w)->DeletePayload(0, e);
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_TRUE(appender_->WriteTreeHead(**w, 1795000002000).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  EXPECT_FALSE(HasPayload(0));
  EXPECT_TRUE(HasPayload(1));
  EXPECT_TRUE(HasPayload(2)) << "the erasure entry keeps its own payload (the reason)";
  EXPECT_TRUE(store_->PurgeDeleted().ok());
}

}  // namespace
}  // namespace sabt::pgtest
