// A whole node (app::App) on PostgreSQL: demo data, verify, rebuild, and the
// read queries against the SQLite backend on the same journal. See
// pg_fixture.h for the environment the tests need.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/demo.h"
#include "app/projector.h"
#include "app/verify.h"
#include "store/sqlite/sqlite_store.h"
#include "pg_fixture.h"

namespace sabt::pgtest {
namespace {

using PgAppTest = PgStoreTest;

TEST_F(PgAppTest, DemoNodeVerifiesAndRebuildKeepsTheJournalRoot) {
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
TEST_F(PgAppTest, ReadsMatchTheSqliteBackendOnTheSameJournal) {
  OwnerEnv env(owner_url_);
  app::NodeConfig cfg;
  cfg.db_url = app_url_;
  auto a = app::App::Open(cfg);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  app::DemoOptions opts;
  opts.appeals = 120;
  opts.fill = false;  // exactly the 120 generated appeals; the fill is tested in demo_fill
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
}  // namespace sabt::pgtest
