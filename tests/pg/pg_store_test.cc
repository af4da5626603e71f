// PostgresStore against a real server: migrations, journal round trip,
// savepoints, gapless numbers under concurrency, least privilege. See
// pg_fixture.h for the environment the tests need.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include <nlohmann/json.hpp>

#include "journal/appender.h"
#include "store/postgres/pg_read.h"
#include "store/postgres/pg_store.h"
#include "pg_fixture.h"
#include "util/embedded.h"

namespace sabt::pgtest {
namespace {

TEST_F(PgStoreTest, StoreMigratesAndReportsEmptyJournal) {
  auto s = Open();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->Backend(), "postgres");
  EXPECT_FALSE(s->ReadOnly());
  auto tx = s->Read();
  ASSERT_TRUE(tx.ok()) << tx.status().ToString();
  EXPECT_EQ(*(*tx)->JournalSize(), 0);
  auto head = (*tx)->LatestTreeHead();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->size, 0);
  EXPECT_EQ(head->root, Hash{});
  EXPECT_TRUE((*tx)->TreeHeads()->empty());
  EXPECT_EQ(*(*tx)->LastSeq("central"), 0);
  EXPECT_FALSE((*tx)->Entry(0)->has_value());
  int scanned = 0;
  EXPECT_TRUE((*tx)->ScanJournal(0, [&](const store::EntryRow&, const store::PayloadRow*) {
                     ++scanned;
                     return Status::Ok();
                   }).ok());
  EXPECT_EQ(scanned, 0);
  for (const auto& t : store::ProjectionTables()) {
    auto rows = (*tx)->TableRows(t);
    ASSERT_TRUE(rows.ok()) << t << ": " << rows.status().ToString();
    EXPECT_TRUE(rows->empty()) << t;
  }
  EXPECT_TRUE((*tx)->SeriesGaps()->empty());
  EXPECT_FALSE((*tx)->TableRows("journal").ok());  // only projection tables can be dumped
  tx->reset();
  s.reset();
  // Opening again applies nothing new.
  auto again = Open();
  ASSERT_NE(again, nullptr);
  pqxx::connection c(owner_url_);
  pqxx::nontransaction n(c);
  int files = 0;
  for (const auto& [path, sql] : embedded::Files())
    if (path.rfind("src/store/postgres/migrations/", 0) == 0) ++files;
  EXPECT_GE(files, 1);
  EXPECT_EQ(n.exec1("SELECT count(*) FROM schema_migrations")[0].as<int>(), files);
}

TEST_F(PgStoreTest, AppendEntriesAndReadThemBackInOrder) {
  auto s = Open();
  ASSERT_NE(s, nullptr);
  auto rtx = s->Read();
  ASSERT_TRUE(rtx.ok());
  auto appender = journal::Appender::Load(**rtx, "central");
  ASSERT_TRUE(appender.ok()) << appender.status().ToString();
  rtx->reset();
  // More than two scan pages, so paging is exercised.
  const int n = static_cast<int>(2 * store::postgres::kScanPage + 123);
  std::vector<journal::Appended> appended;
  {
    auto w = s->BeginWrite();
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    for (int i = 0; i < n; ++i) {
      auto a = appender->Append(**w, MakeEntry(i, i % 3 == 0));
      ASSERT_TRUE(a.ok()) << a.status().ToString();
      appended.push_back(*a);
    }
    ASSERT_TRUE(appender->WriteTreeHead(**w, 1795000000000 + n).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  auto tx = s->Read();
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ(*(*tx)->JournalSize(), n);
  EXPECT_EQ(*(*tx)->LastSeq("central"), n);
  auto head = (*tx)->LatestTreeHead();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->size, n);
  EXPECT_EQ(head->root, appender->root());

  int64_t expect = 0, payloads = 0;
  Status st = (*tx)->ScanJournal(0, [&](const store::EntryRow& e, const store::PayloadRow* p) -> Status {
    EXPECT_EQ(e.idx, expect);
    EXPECT_EQ(e.seq, expect + 1);
    EXPECT_EQ(e.origin, "central");
    EXPECT_EQ(e.entry, appended[expect].entry);
    EXPECT_EQ(e.leaf_hash, appended[expect].leaf_hash);
    EXPECT_EQ(p != nullptr, expect % 3 == 0) << e.idx;
    if (p) {
      ++payloads;
      EXPECT_EQ(p->salt.size(), 32u);
      EXPECT_EQ(HashHex(journal::PayloadCommitment(p->salt, p->body)),
                nlohmann::json::parse(e.entry).value("payload", ""));
    }
    // The callback may query the same transaction between rows.
    if (e.idx % 1000 == 0) {
      auto again = (*tx)->Entry(e.idx);
      EXPECT_TRUE(again.ok() && again->has_value() && (*again)->entry == e.entry);
    }
    ++expect;
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(expect, n);
  EXPECT_EQ(payloads, (n + 2) / 3);

  // A scan from the middle, and one stopped by its callback.
  std::vector<int64_t> tail;
  ASSERT_TRUE((*tx)->ScanJournal(n - 3, [&](const store::EntryRow& e, const store::PayloadRow*) {
                     tail.push_back(e.idx);
                     return Status::Ok();
                   }).ok());
  EXPECT_EQ(tail, (std::vector<int64_t>{n - 3, n - 2, n - 1}));
  int calls = 0;
  Status stopped = (*tx)->ScanJournal(0, [&](const store::EntryRow&, const store::PayloadRow*) {
    return ++calls == 5 ? Status::Corruption("stop here") : Status::Ok();
  });
  EXPECT_EQ(stopped.code(), Code::kCorruption);
  EXPECT_EQ(calls, 5);

  auto p0 = (*tx)->Payload(0);
  ASSERT_TRUE(p0.ok() && p0->has_value());
  EXPECT_FALSE((*tx)->Payload(1)->has_value());

  // Merkle nodes in (level, idx) order; reloading the frontier gives the same root.
  int nodes = 0, last_level = -1;
  int64_t last_idx = -1;
  ASSERT_TRUE((*tx)->ScanMerkleNodes([&](int level, int64_t idx, const Hash&) {
                     EXPECT_TRUE(level > last_level || (level == last_level && idx > last_idx));
                     last_level = level;
                     last_idx = idx;
                     ++nodes;
                     return Status::Ok();
                   }).ok());
  EXPECT_EQ(nodes, 2 * n - __builtin_popcount(n));  // leaves and completed subtrees of n leaves
  auto reloaded = journal::Appender::Load(**tx, "central");
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ(reloaded->root(), appender->root());
}

TEST_F(PgStoreTest, SavepointRollbackKeepsBatchNeighbours) {
  auto s = Open();
  ASSERT_NE(s, nullptr);
  auto dept = [](const std::string& code) {
    domain::Department d;
    d.code = code;
    d.kind = domain::DepartmentKind::kMinistry;
    d.name_tg = d.name_ru = d.name_en = code;
    return d;
  };
  {
    auto w = s->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Savepoint().ok());
    ASSERT_TRUE((*w)->UpsertDepartment(dept("A")).ok());
    ASSERT_TRUE((*w)->ReleaseSavepoint().ok());

    ASSERT_TRUE((*w)->Savepoint().ok());
    ASSERT_TRUE((*w)->UpsertDepartment(dept("B")).ok());
    store::UserRow bad;  // its department does not exist: foreign key violation
    bad.id = "u1";
    bad.username = "u1";
    bad.department = "NOPE";
    Status st = (*w)->UpsertUser(bad);
    EXPECT_FALSE(st.ok());
    EXPECT_EQ(st.code(), Code::kIo) << st.ToString();
    ASSERT_TRUE((*w)->RollbackToSavepoint().ok());

    ASSERT_TRUE((*w)->Savepoint().ok());
    ASSERT_TRUE((*w)->UpsertDepartment(dept("C")).ok());
    ASSERT_TRUE((*w)->ReleaseSavepoint().ok());
    Status c = (*w)->Commit();
    ASSERT_TRUE(c.ok()) << c.ToString();
  }
  auto codes = [&] {
    std::vector<std::string> out;
    auto tx = s->Read();
    auto depts = (*tx)->Departments();
    EXPECT_TRUE(depts.ok());
    for (const auto& d : *depts) out.push_back(d.code);
    return out;
  };
  EXPECT_EQ(codes(), (std::vector<std::string>{"A", "C"}));

  // A failure that was not rolled back to a savepoint: Commit refuses and
  // nothing of the transaction stays.
  {
    auto w = s->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->UpsertDepartment(dept("D")).ok());
    store::UserRow bad;
    bad.id = "u2";
    bad.username = "u2";
    bad.department = "NOPE";
    EXPECT_FALSE((*w)->UpsertUser(bad).ok());
    EXPECT_FALSE((*w)->Commit().ok());
  }
  EXPECT_EQ(codes(), (std::vector<std::string>{"A", "C"}));

  // A write transaction dropped without Commit rolls back.
  {
    auto w = s->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->UpsertDepartment(dept("E")).ok());
  }
  EXPECT_EQ(codes(), (std::vector<std::string>{"A", "C"}));

  // Uncommitted writes are visible to the write transaction only.
  {
    auto w = s->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->UpsertDepartment(dept("F")).ok());
    EXPECT_EQ((*w)->Departments()->size(), 3u);
    EXPECT_EQ(codes(), (std::vector<std::string>{"A", "C"}));
    ASSERT_TRUE((*w)->Commit().ok());
  }
  EXPECT_EQ(codes(), (std::vector<std::string>{"A", "C", "F"}));
}

TEST_F(PgStoreTest, NumbersStayGaplessUnderConcurrentWriters) {
  constexpr int kThreads = 8, kEach = 250;
  // Series "SEP": every thread has a store of its own, as separate processes
  // would. Series "SHR": the threads share one store.
  auto shared = Open(1);
  ASSERT_NE(shared, nullptr);
  std::vector<std::unique_ptr<PostgresStore>> own;
  for (int t = 0; t < kThreads; ++t) {
    own.push_back(Open(1));
    ASSERT_NE(own.back(), nullptr);
  }
  for (const std::string series : {"SEP", "SHR"}) {
    std::vector<std::vector<int64_t>> got(kThreads);
    std::vector<std::string> errors(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        store::Store& s = series == "SEP" ? static_cast<store::Store&>(*own[t]) : *shared;
        for (int i = 0; i < kEach; ++i) {
          auto w = s.BeginWrite();
          if (!w.ok()) {
            errors[t] = w.status().ToString();
            return;
          }
          auto n = (*w)->NextNumber(series, 2026);
          if (!n.ok()) {
            errors[t] = n.status().ToString();
            return;
          }
          Status c = (*w)->Commit();
          if (!c.ok()) {
            errors[t] = c.ToString();
            return;
          }
          got[t].push_back(*n);
        }
      });
    }
    for (auto& th : threads) th.join();
    std::vector<int64_t> all;
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(errors[t], "") << series << " thread " << t;
      EXPECT_TRUE(std::is_sorted(got[t].begin(), got[t].end()));
      all.insert(all.end(), got[t].begin(), got[t].end());
    }
    std::sort(all.begin(), all.end());
    std::vector<int64_t> want(kThreads * kEach);
    for (size_t i = 0; i < want.size(); ++i) want[i] = static_cast<int64_t>(i) + 1;
    EXPECT_EQ(all, want) << series;
  }
  auto tx = shared->Read();
  auto rows = (*tx)->TableRows("series_counters");
  ASSERT_TRUE(rows.ok());
  for (auto& r : *rows) r = nlohmann::json::parse(r).dump();  // verify's normal form
  EXPECT_EQ(*rows, (std::vector<std::string>{"[\"SEP/2026\",2000]", "[\"SHR/2026\",2000]"}));
}

TEST_F(PgStoreTest, ApplicationRoleCannotUpdateOrDeleteJournal) {
  ASSERT_TRUE(SeparateRoles()) << "this test needs SABT_PG_OWNER_URL with an owner role other than the role of "
                                  "SABT_PG_URL; "
                               << kHowTo;
  auto s = Open();
  ASSERT_NE(s, nullptr);
  {
    auto rtx = s->Read();
    auto appender = journal::Appender::Load(**rtx, "central");
    ASSERT_TRUE(appender.ok());
    rtx->reset();
    auto w = s->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(appender->Append(**w, MakeEntry(1, true)).ok());
    ASSERT_TRUE(appender->WriteTreeHead(**w, 1795000000000).ok());
    ASSERT_TRUE((*w)->Commit().ok()) << "the application role appends";
  }
  for (const char* sql : {"UPDATE journal SET kind = 'forged'", "DELETE FROM journal", "TRUNCATE journal",
                          "UPDATE payloads SET body = 'x'", "DELETE FROM payloads", "DELETE FROM merkle_nodes",
                          "UPDATE tree_heads SET at = 'x'", "DELETE FROM tree_heads", "DELETE FROM checkpoints"}) {
    std::string err = TryExec(app_url_, sql);
    EXPECT_NE(err.find("permission denied"), std::string::npos) << sql << " as the application role: " << err;
  }
  // Reading and the projection tables stay available to the application role.
  EXPECT_EQ(TryExec(app_url_, "SELECT count(*) FROM journal"), "");
  EXPECT_EQ(TryExec(app_url_, "DELETE FROM sessions"), "");
  // Even the owner cannot edit the journal: a trigger refuses it.
  std::string owner_err = TryExec(owner_url_, "UPDATE journal SET kind = 'forged'");
  EXPECT_NE(owner_err.find("append-only"), std::string::npos) << owner_err;
  owner_err = TryExec(owner_url_, "DELETE FROM journal");
  EXPECT_NE(owner_err.find("append-only"), std::string::npos) << owner_err;
  auto tx = s->Read();
  EXPECT_EQ(*(*tx)->JournalSize(), 1);
}

TEST_F(PgStoreTest, CheckpointsGainCosignaturesAndWitnessStateIsReplaced) {
  auto s = Open();
  ASSERT_NE(s, nullptr);
  Hash r1{}, r2{};
  r1[0] = 1;
  r2[0] = 2;
  {
    auto w = s->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->PutCheckpoint({10, r1, "note-10", "2026-11-27T00:00:00.000Z"}).ok());
    ASSERT_TRUE((*w)->PutCheckpoint({20, r2, "note-20", "2026-11-27T00:01:00.000Z"}).ok());
    // Same size and root: the note gains a cosignature. Another root: ignored.
    ASSERT_TRUE((*w)->PutCheckpoint({10, r1, "note-10+cosig", "2026-11-27T00:02:00.000Z"}).ok());
    ASSERT_TRUE((*w)->PutCheckpoint({20, r1, "forged", "2026-11-27T00:03:00.000Z"}).ok());
    ASSERT_TRUE((*w)->PutWitnessState({"other", 5, r1, "n5", "a"}).ok());
    ASSERT_TRUE((*w)->PutWitnessState({"other", 7, r2, "n7", "b"}).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  auto tx = s->Read();
  ASSERT_TRUE(tx.ok());
  auto latest = (*tx)->LatestCheckpoint();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->size, 20);
  EXPECT_EQ((*latest)->note, "note-20");
  EXPECT_EQ((*latest)->root, r2);
  auto at10 = (*tx)->CheckpointAt(10);
  ASSERT_TRUE(at10.ok() && at10->has_value());
  EXPECT_EQ((*at10)->note, "note-10+cosig");
  EXPECT_FALSE((*tx)->CheckpointAt(15)->has_value());
  auto all = (*tx)->Checkpoints();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].size, 10);
  auto ws = (*tx)->WitnessState("other");
  ASSERT_TRUE(ws.ok() && ws->has_value());
  EXPECT_EQ((*ws)->size, 7);
  EXPECT_EQ((*ws)->root, r2);
  EXPECT_FALSE((*tx)->WitnessState("nobody")->has_value());
  EXPECT_FALSE((*tx)->AppealByNumber("X-1")->has_value());
}

}  // namespace
}  // namespace sabt::pgtest
