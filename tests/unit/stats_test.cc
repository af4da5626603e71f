// Statistics (issue 15): counter contributions, cell expressions, report
// definitions, charts, and the counter tables of the SQLite store.
#include <gtest/gtest.h>

#include "app/stats/counter_reader.h"
#include "app/stats/report_def.h"
#include "domain/stats/contributions.h"
#include "domain/stats/expr.h"
#include "store/sqlite/sqlite_store.h"
#include "store/stats_tx.h"
#include "util/embedded.h"
#include "util/random.h"
#include "web/stats/svg_chart.h"

namespace sabt {
namespace {

using domain::stats::AppealFacts;
using domain::stats::Contribution;

AppealFacts Appeal(const std::string& status) {
  AppealFacts a;
  a.id = "a1";
  a.department = "DSH-SNO";
  a.channel = "desk";
  a.category = "complaint";
  a.status = status;
  a.received_at = "2026-03-10T05:00:00.000Z";
  a.due_day = domain::stats::DayOf("2026-03-25T05:00:00.000Z");
  return a;
}

int64_t Get(const Contribution& c, const std::string& name) {
  int64_t v = 0;
  for (const auto& [k, n] : c)
    if (k.name == name) v += n;
  return v;
}

TEST(StatsContributionTest, AStatusChangeMovesOneUnitBetweenStatusCounters) {
  Contribution before, after;
  domain::stats::AddAppeal(Appeal("assigned"), &before);
  AppealFacts closed = Appeal("closed");
  closed.closed_at = "2026-03-20T06:00:00.000Z";
  domain::stats::AddAppeal(closed, &after);
  Contribution diff = after;
  domain::stats::Accumulate(before, -1, &diff);
  EXPECT_EQ(Get(diff, "appeal.status.assigned"), -1);
  EXPECT_EQ(Get(diff, "appeal.status.closed"), 1);
  EXPECT_EQ(Get(diff, "appeal.answer.in_time"), 1);
  EXPECT_EQ(Get(diff, "appeal.open.due"), -1) << "no longer open with a due day";
  EXPECT_EQ(Get(diff, "appeal.received.channel.desk"), 0) << "what did not change is not in the difference";
}

TEST(StatsContributionTest, AnAnswerAfterTheDueDayIsLate) {
  AppealFacts a = Appeal("closed");
  a.closed_at = "2026-04-02T06:00:00.000Z";
  Contribution c;
  domain::stats::AddAppeal(a, &c);
  EXPECT_EQ(Get(c, "appeal.answer.late"), 1);
  EXPECT_EQ(Get(c, "appeal.answer.in_time"), 0);
}

TEST(StatsContributionTest, ARefusedReportCountsItsDecisionOnTheDayOfTheDecision) {
  domain::stats::CrimeFacts r;
  r.id = "r1";
  r.kind = "report";
  r.department = "DSH-SNO";
  r.status = "refused";
  int64_t start = domain::stats::DayOf("2026-03-01T05:00:00.000Z");
  r.due_day = start + 3;
  r.doc = nlohmann::json{{"registered_at", "2026-03-01T05:00:00.000Z"}, {"decided_at", "2026-03-09T05:00:00.000Z"},
                         {"source", "walk_in"}, {"article", "244"}, {"severity", "small"}, {"start_day", start},
                         {"annulments", 2}, {"annulled_at", "2026-03-05T05:00:00.000Z"}}
              .dump();
  Contribution c;
  domain::stats::AddCrime(r, &c);
  EXPECT_EQ(Get(c, "crime.registered.source.walk_in"), 1);
  EXPECT_EQ(Get(c, "crime.decision.refusal"), 1);
  EXPECT_EQ(Get(c, "crime.decision.days.le10"), 1);
  EXPECT_EQ(Get(c, "crime.decision.late"), 1);
  EXPECT_EQ(Get(c, "crime.refusal_annulled"), 2);
  for (const auto& [k, v] : c) {
    if (k.name == "crime.decision.refusal") {
      EXPECT_EQ(k.day, domain::stats::DayOf("2026-03-09T05:00:00.000Z"));
    }
  }
}

TEST(StatsContributionTest, CodesBecomeNamePartsAndFreeTextNeverCollides) {
  EXPECT_EQ(domain::stats::NamePart("Walk_In"), "walk_in");
  std::string a = domain::stats::NamePart("Ҷамоати Ромит");
  std::string b = domain::stats::NamePart("Ҷамоати Симиганҷ");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.front(), 'x');
  EXPECT_TRUE(domain::stats::ParseExpr("distinct(trip.stop.jamoat.*) + appeal.mobile.jamoat." + a).ok());
}

TEST(StatsExprTest, TermsParseAndBadNamesAreRefused) {
  auto t = domain::stats::ParseExpr("appeal.received.channel.* - appeal.received.channel.online + overdue(appeal.open.due) + 2");
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->size(), 4u);
  EXPECT_EQ((*t)[1].sign, -1);
  EXPECT_EQ((*t)[2].kind, domain::stats::Term::kOverdue);
  EXPECT_EQ((*t)[3].constant, 2);
  for (const char* bad : {"", "DROP TABLE appeals", "a..b", "a.*.b", "overdue(a.*)", "distinct(a.b)", "a'b", "(a"})
    EXPECT_FALSE(domain::stats::ParseExpr(bad).ok()) << bad;
  auto e = domain::stats::ExpandRow(*domain::stats::ParseExpr("crime.registered.{row}"), {"article.244", "article.247"});
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[1].name, "crime.registered.article.247");
}

TEST(StatsReportDefTest, EveryBuiltInDefinitionParsesAndTheFourFirstAreThere) {
  std::set<std::string> ids;
  for (const auto& [path, body] : embedded::Files()) {
    if (path.rfind("data/stats/", 0) != 0) continue;
    auto d = app::stats::ParseReportDef(nlohmann::json::parse(body));
    ASSERT_TRUE(d.ok()) << path << ": " << d.status().message();
    ids.insert(d->id);
  }
  for (const char* id : {"appeals-by-district", "crime-by-article", "registration-discipline", "mobile-stations"})
    EXPECT_TRUE(ids.count(id)) << id;
}

TEST(StatsReportDefTest, ADefinitionWithoutThreeLanguagesOrWithARowPlaceholderOnDepartmentsIsRefused) {
  nlohmann::json d = {{"id", "x"},
                      {"title", {{"tg", "a"}, {"ru", "b"}, {"en", "c"}}},
                      {"rows", {{"by", "department"}}},
                      {"columns", {{{"id", "c"}, {"label", {{"tg", "a"}, {"ru", "b"}, {"en", "c"}}}, {"expr", "trip.stop"}}}}};
  EXPECT_TRUE(app::stats::ParseReportDef(d).ok());
  auto no_en = d;
  no_en["title"].erase("en");
  EXPECT_FALSE(app::stats::ParseReportDef(no_en).ok());
  auto row = d;
  row["columns"][0]["expr"] = "crime.registered.{row}";
  EXPECT_FALSE(app::stats::ParseReportDef(row).ok());
  auto bad_chart = d;
  bad_chart["chart"] = {{"column", "nope"}};
  EXPECT_FALSE(app::stats::ParseReportDef(bad_chart).ok());
}

TEST(StatsChartTest, ChartsEscapeEveryText) {
  std::string svg = web::stats::BarChart("c", "<script>", {{"a&b \"x\"", 3, false}, {"y", 1, true}});
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("a&amp;b &quot;x&quot;"), std::string::npos);
  EXPECT_NE(svg.find("class=\"bar\""), std::string::npos);
  std::string lines = web::stats::LineChart("l", "t", {{"2026-01", 1, 2}, {"2026-02", 3, 0}}, "now", "<before>");
  EXPECT_NE(lines.find("line-now"), std::string::npos);
  EXPECT_EQ(lines.find("<before>"), std::string::npos);
}

TEST(StatsStoreTest, CountersAddUpByPrefixAndSubtreeAndRowsAtZeroAreDeleted) {
  store::sqlite::Options o;
  o.path = "file:stats-" + RandomToken(6) + "?mode=memory&cache=shared";
  auto st = store::sqlite::SqliteStore::Open(o);
  ASSERT_TRUE(st.ok()) << st.status().message();
  {
    auto tx = (*st)->BeginWrite();
    ASSERT_TRUE(tx.ok());
    for (auto [code, parent, kind] : {std::tuple{"MIA", "", domain::DepartmentKind::kMinistry},
                                      std::tuple{"DSH", "MIA", domain::DepartmentKind::kRegion},
                                      std::tuple{"DSH-SNO", "DSH", domain::DepartmentKind::kDistrict},
                                      std::tuple{"SUG", "MIA", domain::DepartmentKind::kRegion}}) {
      domain::Department d;
      d.code = code;
      d.parent = parent;
      d.kind = kind;
      d.name_tg = d.name_ru = d.name_en = code;
      ASSERT_TRUE((*tx)->UpsertDepartment(d).ok());
    }
    ASSERT_TRUE(store::StatsWriterOf(**tx)->AddStats({{"appeal.received.channel.desk", "DSH-SNO", 20500, 202602, 2},
                                 {"appeal.received.channel.online", "DSH", 20500, 202602, 1},
                                 {"appeal.received.channel.desk", "SUG", 20530, 202603, 5},
                                 {"appeal.status.closed", "DSH-SNO", 20500, 202602, 1}})
                    .ok());
    ASSERT_TRUE(store::StatsWriterOf(**tx)->AddStats({{"appeal.status.closed", "DSH-SNO", 20500, 202602, -1}}).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto tx = (*st)->Read();
  ASSERT_TRUE(tx.ok());
  auto deps = (*tx)->Departments();
  auto tree = domain::DepartmentTree::Build(*deps);
  ASSERT_TRUE(tree.ok());
  app::stats::CounterReader r(**tx, *tree);
  EXPECT_EQ(*r.Sum("appeal.received.channel.*", "MIA", {202601, 202612}), 8);
  EXPECT_EQ(*r.Sum("appeal.received.channel.*", "DSH", {202601, 202612}), 3);
  EXPECT_EQ(*r.Sum("appeal.received.channel.desk", "DSH-SNO", {202602, 202602}), 2);
  EXPECT_EQ(*r.Sum("appeal.received.channel.*", "MIA", {202603, 202612}), 5);
  EXPECT_EQ(*r.Sum("appeal.received.*", "MIA", {202601, 202612}), 8) << "a shorter prefix";
  EXPECT_EQ(*r.Sum("appeal.received.channel", "MIA", {202601, 202612}), 0) << "a name is exact without .*";
  EXPECT_EQ(*r.SumDays("appeal.received.channel.desk", "MIA", 20500, 20500), 2);
  auto series = r.MonthSeries("appeal.received.channel.*", "MIA", {202601, 202604});
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->size(), 4u);
  EXPECT_EQ((*series)[1].second, 3);
  EXPECT_EQ((*series)[2].second, 5);
  auto rows = (*tx)->TableRows("stat_months");
  ASSERT_TRUE(rows.ok());
  for (const auto& row : *rows) EXPECT_EQ(row.find("appeal.status.closed"), std::string::npos) << "deleted at 0";
  EXPECT_EQ(app::stats::MonthsOf({202611, 202702}).size(), 4u);
}

}  // namespace
}  // namespace sabt
