// PostgreSQL store tests on a real server. They need:
//   SABT_PG_URL        postgres://sabt_app@127.0.0.1:PORT/sabt    (application role)
//   SABT_PG_OWNER_URL  postgres://sabt_owner@127.0.0.1:PORT/sabt  (owner role, may CREATE DATABASE)
// as printed by `scripts/pg-test-cluster.sh env DIR`. Each test runs in a
// database of its own, created from the owner URL and dropped at the end.
// Without a reachable server every test FAILS: they never skip.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <thread>

#include <pqxx/pqxx>

#include "app/app.h"
#include "app/demo.h"
#include "app/projector.h"
#include "app/verify.h"
#include "journal/appender.h"
#include "store/postgres/pg_read.h"
#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"
#include "util/embedded.h"
#include "util/random.h"

namespace sabt {
namespace {

using store::postgres::PostgresStore;

constexpr char kHowTo[] =
    "start a throwaway cluster with `scripts/pg-test-cluster.sh start DIR` and export the URLs printed by "
    "`scripts/pg-test-cluster.sh env DIR` (SABT_PG_URL, SABT_PG_OWNER_URL)";

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

// The same URL with another database name.
std::string WithDatabase(const std::string& url, const std::string& db) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t slash = url.find('/', start);
  size_t query = url.find('?', start);
  if (slash == std::string::npos || (query != std::string::npos && slash > query)) {
    size_t at = query == std::string::npos ? url.size() : query;
    return url.substr(0, at) + "/" + db + url.substr(at);
  }
  size_t end = query == std::string::npos ? url.size() : query;
  return url.substr(0, slash + 1) + db + url.substr(end);
}

// Runs SQL as a role on the test database; returns the error message or "".
std::string TryExec(const std::string& url, const std::string& sql) {
  try {
    pqxx::connection c(url);
    pqxx::nontransaction n(c);
    n.exec(sql);
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string base_app = Env("SABT_PG_URL");
    std::string base_owner = Env("SABT_PG_OWNER_URL");
    ASSERT_FALSE(base_app.empty()) << "SABT_PG_URL is not set: " << kHowTo;
    if (base_owner.empty()) base_owner = base_app;
    db_ = "sabt_t_" + RandomBytesHex(6);
    try {
      pqxx::connection admin(base_owner);
      pqxx::nontransaction n(admin);
      n.exec0("CREATE DATABASE " + n.quote_name(db_));
    } catch (const std::exception& e) {
      FAIL() << "cannot create a test database through " << base_owner << ": " << e.what() << "\n" << kHowTo;
    }
    created_ = true;
    admin_url_ = base_owner;
    app_url_ = WithDatabase(base_app, db_);
    owner_url_ = WithDatabase(base_owner, db_);
  }

  void TearDown() override {
    if (!created_) return;
    try {
      pqxx::connection admin(admin_url_);
      pqxx::nontransaction n(admin);
      n.exec0("DROP DATABASE IF EXISTS " + n.quote_name(db_) + " WITH (FORCE)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cannot drop test database " << db_ << ": " << e.what();
    }
  }

  static std::string RandomBytesHex(size_t n) {
    static const char* kDigits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : RandomBytes(n)) {
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    }
    return out;
  }

  std::unique_ptr<PostgresStore> Open(int readers = 2) {
    store::postgres::Options o;
    o.url = app_url_;
    o.owner_url = owner_url_ == app_url_ ? std::string() : owner_url_;
    o.readers = readers;
    auto s = PostgresStore::Open(o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (!s.ok()) return nullptr;
    return std::move(*s);
  }

  bool SeparateRoles() const { return Env("SABT_PG_OWNER_URL") != Env("SABT_PG_URL") && !Env("SABT_PG_OWNER_URL").empty(); }

  std::string db_, admin_url_, app_url_, owner_url_;
  bool created_ = false;
};

journal::NewEntry MakeEntry(int i, bool with_payload) {
  journal::NewEntry e;
  e.kind = "test.entry";
  e.subject = "subject-" + std::to_string(i % 7);
  e.actor = "tester";
  e.at_ms = 1795000000000 + i;
  e.data = {{"i", i}};
  if (with_payload) e.payload = nlohmann::json{{"text", "Ҳасан " + std::to_string(i)}};
  return e;
}

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

// Opens an App on the test database; SABT_PG_OWNER_URL is pointed at it for
// the duration (OpenStore reads it) and restored afterwards.
class OwnerEnv {
 public:
  explicit OwnerEnv(const std::string& url) : old_(Env("SABT_PG_OWNER_URL")) {
    setenv("SABT_PG_OWNER_URL", url.c_str(), 1);
  }
  ~OwnerEnv() {
    if (old_.empty()) unsetenv("SABT_PG_OWNER_URL");
    else setenv("SABT_PG_OWNER_URL", old_.c_str(), 1);
  }

 private:
  std::string old_;
};

TEST_F(PgStoreTest, DemoNodeVerifiesAndRebuildKeepsTheJournalRoot) {
  OwnerEnv env(owner_url_);
  app::NodeConfig cfg;
  cfg.db_url = app_url_;
  auto a = app::App::Open(cfg);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  app::App& app = **a;
  EXPECT_EQ(app.store().Backend(), "postgres");
  ASSERT_TRUE(app::LoadDefaultReference(app).ok());
  app::DemoOptions opts;
  opts.appeals = 200;
  auto logins = app::GenerateDemo(app, opts);
  ASSERT_TRUE(logins.ok()) << logins.status().ToString();

  auto first = app::Verify(app.store());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->ok) << first->fault;
  EXPECT_GT(first->entries, 200);
  EXPECT_GT(first->rows_compared, 200);
  auto head_before = [&] {
    auto tx = app.store().Read();
    return *(*tx)->LatestTreeHead();
  }();
  EXPECT_EQ(HashHex(head_before.root), first->root_hex);

  auto replayed = app::Rebuild(app.store());
  ASSERT_TRUE(replayed.ok()) << replayed.status().ToString();
  EXPECT_EQ(*replayed, first->entries);
  auto second = app::Verify(app.store());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(second->ok) << second->fault;
  EXPECT_EQ(second->root_hex, first->root_hex);
  EXPECT_EQ(second->rows_compared, first->rows_compared);
  auto tx = app.store().Read();
  EXPECT_EQ((*tx)->LatestTreeHead()->root, head_before.root);
  EXPECT_EQ(*(*tx)->JournalSize(), first->entries);
}

// The read queries answer exactly as the SQLite backend's do on the same
// journal: replay the PostgreSQL journal into SQLite and compare.
TEST_F(PgStoreTest, ReadsMatchTheSqliteBackendOnTheSameJournal) {
  OwnerEnv env(owner_url_);
  app::NodeConfig cfg;
  cfg.db_url = app_url_;
  auto a = app::App::Open(cfg);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  app::DemoOptions opts;
  opts.appeals = 120;
  ASSERT_TRUE(app::GenerateDemo(**a, opts).ok());
  store::Store& pg = (*a)->store();

  store::sqlite::Options mem;
  mem.path = "file:sabt-pg-parity-" + RandomToken(8) + "?mode=memory&cache=shared";
  mem.readers = 1;
  auto lite = store::sqlite::SqliteStore::Open(mem);
  ASSERT_TRUE(lite.ok());
  auto ptx = pg.Read();
  ASSERT_TRUE(ptx.ok());
  {
    auto w = (*lite)->BeginWrite();
    ASSERT_TRUE(w.ok());
    Status st = (*ptx)->ScanJournal(0, [&](const store::EntryRow& e, const store::PayloadRow* p) -> Status {
      auto view = app::ParseEntry(e.entry, e.idx);
      if (!view.ok()) return view.status();
      std::optional<nlohmann::json> payload;
      if (p) payload = nlohmann::json::parse(p->body);
      return app::Project(**w, *view, payload ? &*payload : nullptr);
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_TRUE((*w)->Commit().ok());
  }
  auto ltx = (*lite)->Read();
  ASSERT_TRUE(ltx.ok());
  store::ReadTx& P = **ptx;
  store::ReadTx& L = **ltx;

  auto dept_codes = [](store::ReadTx& t) {
    std::set<std::string> out;
    auto depts = t.Departments();
    EXPECT_TRUE(depts.ok());
    for (const auto& d : *depts) out.insert(d.code + "|" + d.parent + "|" + d.name_tg);
    return out;
  };
  EXPECT_EQ(dept_codes(P), dept_codes(L));
  for (const char* list : {"channels", "appeal_categories"}) {
    auto pr = *P.Reference(list);
    auto lr = *L.Reference(list);
    ASSERT_EQ(pr.size(), lr.size()) << list;
    for (size_t i = 0; i < pr.size(); ++i) {
      EXPECT_EQ(pr[i].code, lr[i].code);
      EXPECT_EQ(pr[i].extra, lr[i].extra);
      EXPECT_EQ(pr[i].position, lr[i].position);
    }
  }
  auto pu = *P.Users();
  auto lu = *L.Users();
  ASSERT_EQ(pu.size(), lu.size());
  for (size_t i = 0; i < pu.size(); ++i) {
    EXPECT_EQ(pu[i].id, lu[i].id);
    EXPECT_EQ(pu[i].password_hash, lu[i].password_hash);
    EXPECT_EQ(pu[i].disabled, lu[i].disabled);
    auto by_name = P.UserByUsername(pu[i].username);
    ASSERT_TRUE(by_name.ok() && by_name->has_value());
    EXPECT_EQ((*by_name)->id, pu[i].id);
  }
  std::vector<std::string> all_depts;
  auto lite_depts = L.Departments();
  ASSERT_TRUE(lite_depts.ok());
  for (const auto& d : *lite_depts) all_depts.push_back(d.code);
  for (int64_t offset : {0, 37}) {
    auto pp = P.Appeals(all_depts, offset, 50);
    auto lp = L.Appeals(all_depts, offset, 50);
    ASSERT_TRUE(pp.ok() && lp.ok());
    EXPECT_EQ(pp->total, lp->total);
    EXPECT_EQ(pp->total, 120);
    ASSERT_EQ(pp->rows.size(), lp->rows.size());
    for (size_t i = 0; i < pp->rows.size(); ++i) {
      const auto &x = pp->rows[i], &y = lp->rows[i];
      EXPECT_EQ(x.id, y.id) << "row " << i << " at offset " << offset;
      EXPECT_EQ(x.number, y.number);
      EXPECT_EQ(x.applicant_name, y.applicant_name);
      EXPECT_EQ(x.officer_name, y.officer_name);
      EXPECT_EQ(x.year, y.year);
      EXPECT_EQ(x.entry_idx, y.entry_idx);
      EXPECT_EQ(x.status, y.status);
      EXPECT_EQ(x.due_day, y.due_day);
      EXPECT_EQ(x.assigned_to, y.assigned_to);
      auto history = P.EntriesBySubject(x.id);
      ASSERT_TRUE(history.ok()) << history.status().ToString();
      ASSERT_FALSE(history->empty());
      EXPECT_EQ(history->front().idx, x.entry_idx);
      auto one = P.Appeal(x.id);
      ASSERT_TRUE(one.ok() && one->has_value());
      EXPECT_EQ((*one)->summary, y.summary);
      auto person = P.Person(x.person_id);
      auto lperson = L.Person(x.person_id);
      ASSERT_TRUE(person.ok() && person->has_value() && lperson->has_value());
      EXPECT_EQ((*person)->search_key, (*lperson)->search_key);
      auto by_doc = P.PersonByDocument((*person)->id_document);
      auto lby_doc = L.PersonByDocument((*person)->id_document);
      ASSERT_TRUE(by_doc.ok() && by_doc->has_value());
      EXPECT_EQ((*by_doc)->id, (*lby_doc)->id);
    }
  }
  // One department only.
  auto pp = P.Appeals({"DSH-SNO"}, 0, 1000);
  auto lp = L.Appeals({"DSH-SNO"}, 0, 1000);
  EXPECT_EQ(pp->total, lp->total);
  EXPECT_EQ(pp->rows.size(), lp->rows.size());
  EXPECT_EQ(*P.SeriesGaps(), *L.SeriesGaps());
}

}  // namespace
}  // namespace sabt
