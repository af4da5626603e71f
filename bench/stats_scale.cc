// Statistics at scale (issue 15, docs/statistics.md §6): fills a node made by
// `sabt init` + `sabt demo --appeals 0 --fill no` with many appeals and crime
// reports THROUGH THE REAL REGISTRATION CODE, so the counters are filled as in
// production.
//
//   stats_scale --db URL --appeals N --crimes M [--batch B] [--days D] [--seed S]
//
// Each appeal is the writer command of POST /api/v1/appeals after validation
// (app::SubmitValidAppeal: numbering, person link, journal entry, projection
// with its counters and person index); each crime report the writer command
// of POST /api/v1/crime/reports (app::RecordNewReport). They go through the
// node's own Writer (group commit), with B commands per transaction instead
// of the server's 256 (fewer commits; the work per entry is the same). What
// the generator adds is only the input: districts, channels, categories,
// sources and articles drawn at random (seed S), received in the last D days
// (default 730, so the reports' comparison with the year before has data).
// Appeals are registered, not advanced (no steps): their status stays
// "registered"; crime reports stay under check.
//
// Prints key=value lines for the script: appeals, crimes, seconds,
// appeals_per_s, crimes_per_s.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/appeals.h"
#include "app/crime_classifier.h"
#include "app/crime_record.h"
#include "app/demo/rng.h"
#include "domain/deadline.h"
#include "util/clock.h"
#include "util/random.h"

namespace {

using sabt::app::DemoRng;
using Clock = std::chrono::steady_clock;
constexpr int64_t kDayMs = 86400000;

int Fail(const sabt::Status& st) {
  std::cerr << "stats_scale: " << st.ToString() << "\n";
  return 1;
}

double Seconds(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Submits commands to the writer keeping at most `window` waiting; the first
// failure stops the run.
class Pipeline {
 public:
  Pipeline(sabt::app::App& app, size_t window) : app_(app), window_(window) {}
  sabt::Status Submit(sabt::app::Writer::Command cmd) {
    auto p = std::make_shared<std::promise<sabt::Result<nlohmann::json>>>();
    pending_.push_back(p->get_future());
    app_.writer().Submit(std::move(cmd), [p](sabt::Result<nlohmann::json> r) { p->set_value(std::move(r)); });
    if (pending_.size() >= window_) return Drain(window_ / 2);
    return sabt::Status::Ok();
  }
  // Waits until at most `keep` are waiting.
  sabt::Status Drain(size_t keep = 0) {
    while (pending_.size() > keep) {
      auto r = pending_.front().get();
      pending_.erase(pending_.begin());
      if (!r.ok()) return r.status();
    }
    return sabt::Status::Ok();
  }

 private:
  sabt::app::App& app_;
  size_t window_;
  std::vector<std::future<sabt::Result<nlohmann::json>>> pending_;
};

std::string Digits(DemoRng& rng, const char* prefix, int n) {
  std::string s = prefix;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Below(10));
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Statistics at scale: appeals and crime reports through the real registration code (issue 15)"};
  std::string db;
  int64_t appeals = 100000, crimes = 10000, days = 730;
  size_t batch = 2000;
  uint64_t seed = 15;
  cli.add_option("--db", db)->required();
  cli.add_option("--appeals", appeals)->capture_default_str();
  cli.add_option("--crimes", crimes)->capture_default_str();
  cli.add_option("--batch", batch, "commands per transaction")->capture_default_str();
  cli.add_option("--days", days, "received within this many days before now")->capture_default_str();
  cli.add_option("--seed", seed)->capture_default_str();
  CLI11_PARSE(cli, argc, argv);

  sabt::app::NodeConfig cfg;
  cfg.db_url = db;
  cfg.max_batch = batch;
  auto opened = sabt::app::App::Open(cfg);
  if (!opened.ok()) return Fail(opened.status());
  sabt::app::App& app = **opened;
  auto snap = app.catalog().Get();

  std::vector<std::string> districts;
  for (const auto& [d, depth] : snap->tree.Ordered())
    if (d->kind == sabt::domain::DepartmentKind::kDistrict && !d->closed()) districts.push_back(d->code);
  std::vector<std::string> categories, channels;
  for (const auto& c : snap->categories) categories.push_back(c.code);
  for (const auto& c : snap->channels) channels.push_back(c.code);
  if (districts.empty() || categories.empty() || channels.empty())
    return Fail(sabt::Status::Invalid("no districts or reference lists: run `sabt demo --appeals 0 --fill no` first"));
  std::string actor;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return Fail(tx.status());
    auto users = (*tx)->Users();
    if (!users.ok()) return Fail(users.status());
    for (const auto& u : *users)
      if (u.username == "desk") actor = u.id;
  }
  if (actor.empty()) return Fail(sabt::Status::Invalid("no demo user 'desk'"));
  auto classifier = sabt::app::LoadClassifier(app);
  if (!classifier.ok()) return Fail(classifier.status());
  if (classifier->articles.empty()) return Fail(sabt::Status::Invalid("the crime classifier is empty"));
  const int64_t check_days = snap->CrimeLimits().check_days;
  const std::vector<std::string> sources = {"walk_in", "walk_in", "phone", "on_scene", "letter"};

  DemoRng rng(seed);
  const int64_t now = app.clock().NowMillis();
  auto received = [&] { return now - static_cast<int64_t>(rng.Below(static_cast<size_t>(days * kDayMs / 1000))) * 1000; };
  Pipeline pipe(app, batch * 2);

  auto t0 = Clock::now();
  for (int64_t i = 0; i < appeals; ++i) {
    sabt::domain::ValidAppeal v;
    auto& a = v.applicant;
    a.surname = "Раҳимов";
    a.given_name = "Бахтиёр";
    a.patronymic = "Саидович";
    a.birth_date = "1980-01-01";
    a.address = "[BENCH] ш. Душанбе";
    a.phone = Digits(rng, "+9929", 8);
    char doc[32];
    std::snprintf(doc, sizeof doc, "B%010lld", static_cast<long long>(i));
    a.id_document = doc;  // a new person per appeal, as in bench/run.sh
    v.channel = rng.Pick(channels);
    v.category = rng.Pick(categories);
    v.summary = "[BENCH] Аризадиҳанда хабар медиҳад, ки ҳамсоя девори ҳавлиро вайрон кард.";
    v.received_at_ms = received();
    v.crime_signs = rng.Below(50) == 0;
    const std::string dept = rng.Pick(districts);
    // What SubmitValidAppeal does before it submits (the deadline and the guard fields, fixed now).
    int64_t due_day = sabt::domain::DueDay(v.received_at_ms, snap->DeadlineFor(v.category));
    nlohmann::json guard = sabt::app::GuardFields(*snap, v);
    std::string id = sabt::NewUuid(), code = sabt::app::NewVerificationCode();
    auto st = pipe.Submit([v, dept, actor, id, code, due_day, guard](sabt::app::WriteContext& ctx) {
      return sabt::app::RecordAppealRegistration(ctx, v, dept, actor, id, code, due_day, guard);
    });
    if (!st.ok()) return Fail(st);
    if ((i + 1) % 100000 == 0) std::cerr << "appeals " << (i + 1) << " " << Seconds(t0) << " s\n";
  }
  if (auto st = pipe.Drain(); !st.ok()) return Fail(st);
  const double appeals_s = Seconds(t0);

  auto t1 = Clock::now();
  for (int64_t i = 0; i < crimes; ++i) {
    const auto& art = rng.Pick(classifier->articles);
    sabt::app::NewReport r;
    r.kind = "crime.registered";
    r.id = sabt::NewUuid();
    r.actor = actor;
    r.department = rng.Pick(districts);
    r.source = rng.Pick(sources);
    r.received_at_ms = received();
    r.event_at = sabt::FormatRfc3339Millis(r.received_at_ms - 3600 * 1000);
    r.article = art.article;
    r.part = art.part;
    r.classifier_version = classifier->version;
    r.severity = art.severity;
    r.check_days = check_days;
    char doc[32];
    std::snprintf(doc, sizeof doc, "C%010lld", static_cast<long long>(i));
    r.payload = {{"place", {{"address", "[BENCH] ноҳияи Сино"}}},
                 {"account", "[BENCH] Аз мошини дар назди хона истода телефон дуздида шуд."},
                 {"verification_code", sabt::app::NewVerificationCode()},
                 {"reporter",
                  {{"surname", "Назарова"}, {"given_name", "Гулнора"}, {"patronymic", "Каримовна"},
                   {"birth_date", ""}, {"address", "[BENCH]"}, {"phone", Digits(rng, "+9929", 8)},
                   {"id_document", doc}}}};
    auto st = pipe.Submit([r](sabt::app::WriteContext& ctx) { return sabt::app::RecordNewReport(ctx, r); });
    if (!st.ok()) return Fail(st);
    if ((i + 1) % 100000 == 0) std::cerr << "crime reports " << (i + 1) << " " << Seconds(t1) << " s\n";
  }
  if (auto st = pipe.Drain(); !st.ok()) return Fail(st);
  const double crimes_s = Seconds(t1);

  std::printf("appeals=%lld\ncrimes=%lld\nseconds=%.1f\nappeals_per_s=%.0f\ncrimes_per_s=%.0f\n",
              static_cast<long long>(appeals), static_cast<long long>(crimes), appeals_s + crimes_s,
              appeals > 0 ? appeals / appeals_s : 0.0, crimes > 0 ? crimes / crimes_s : 0.0);
  return 0;
}
