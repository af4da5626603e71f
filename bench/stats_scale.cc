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
#include <sqlite3.h>

#include "app/app.h"
#include "app/appeals.h"
#include "app/crime_classifier.h"
#include "app/crime_record.h"
#include "app/projector.h"
#include "domain/crime.h"
#include "domain/number.h"
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

// SQLite only, this process only: a 512 MB page cache and a mapped file for
// every connection the store opens, so that transactions of --batch entries
// do not spill pages and re-read them with pread (the generator's speed; the
// statements run are the node's). The node itself keeps SQLite's defaults.
int BigCache(sqlite3* db, const char**, const sqlite3_api_routines*) {
  sqlite3_exec(db, "PRAGMA cache_size=-524288; PRAGMA mmap_size=17179869184", nullptr, nullptr, nullptr);
  return SQLITE_OK;
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
  std::string path = "project";
  int personal = 1;
  double seconds = 0;
  int64_t now_ms = 0;
  cli.add_option("--db", db)->required();
  cli.add_option("--appeals", appeals)->capture_default_str();
  cli.add_option("--crimes", crimes)->capture_default_str();
  cli.add_option("--batch", batch, "commands per transaction")->capture_default_str();
  cli.add_option("--days", days, "received within this many days before now")->capture_default_str();
  cli.add_option("--seed", seed)->capture_default_str();
  cli.add_option("--path", path, "project: app::Project per entry, no journal; writer: the registration commands "
                                 "through the node's writer, journal included")
      ->check(CLI::IsMember({"project", "writer"}))
      ->capture_default_str();
  cli.add_option("--personal", personal, "project: 1 gives each entry its payload (names, summary: person index "
                                         "and texts are written); 0 projects it as erased")
      ->capture_default_str();
  cli.add_option("--seconds", seconds, "stop after this many seconds (0: no limit); prints what was made")
      ->capture_default_str();
  cli.add_option("--now-ms", now_ms, "received times are drawn back from this instant (default: now); the same "
                                     "seed and instant give the same input on both paths");
  CLI11_PARSE(cli, argc, argv);

  sqlite3_auto_extension(reinterpret_cast<void (*)()>(BigCache));
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
  const int64_t now = now_ms > 0 ? now_ms : app.clock().NowMillis();
  auto received = [&] { return now - static_cast<int64_t>(rng.Below(static_cast<size_t>(days * kDayMs / 1000))) * 1000; };

  // The input of one registration, drawn at random.
  auto make_appeal = [&](int64_t i) {
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
    return v;
  };
  auto make_report = [&](int64_t i) {
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
    return r;
  };

  // Crime reports are interleaved with the appeals (one after every
  // appeals/crimes appeals), so a run stopped by --seconds keeps the ratio.
  const int64_t every = crimes > 0 ? std::max<int64_t>(1, appeals / crimes) : 0;
  int64_t done_appeals = 0, done_crimes = 0;
  auto t0 = Clock::now();
  auto out_of_time = [&] { return seconds > 0 && Seconds(t0) > seconds; };
  auto progress = [&] {
    if ((done_appeals + done_crimes) % 100000 == 0)
      std::cerr << "stats_scale: " << done_appeals << " appeals, " << done_crimes << " crime reports, " << Seconds(t0)
                << " s\n";
  };

  if (path == "writer") {
    Pipeline pipe(app, batch * 2);
    while ((done_appeals < appeals || done_crimes < crimes) && !out_of_time()) {
      if (done_appeals < appeals) {
        sabt::domain::ValidAppeal v = make_appeal(done_appeals);
        const std::string dept = rng.Pick(districts);
        // What SubmitValidAppeal does before it submits (the deadline and the guard fields, fixed now).
        int64_t due_day = sabt::domain::DueDay(v.received_at_ms, snap->DeadlineFor(v.category));
        nlohmann::json guard = sabt::app::GuardFields(*snap, v);
        std::string id = sabt::NewUuid(), code = sabt::app::NewVerificationCode();
        auto st = pipe.Submit([v, dept, actor, id, code, due_day, guard](sabt::app::WriteContext& ctx) {
          return sabt::app::RecordAppealRegistration(ctx, v, dept, actor, id, code, due_day, guard);
        });
        if (!st.ok()) return Fail(st);
        ++done_appeals;
        progress();
      }
      if (every > 0 && done_crimes < crimes && (done_appeals % every == 0 || done_appeals >= appeals)) {
        sabt::app::NewReport r = make_report(done_crimes);
        auto st = pipe.Submit([r](sabt::app::WriteContext& ctx) { return sabt::app::RecordNewReport(ctx, r); });
        if (!st.ok()) return Fail(st);
        ++done_crimes;
        progress();
      }
    }
    if (auto st = pipe.Drain(); !st.ok()) return Fail(st);
  } else {
    // --path project: the entries the registration commands write, projected
    // by app::Project (the projection every registration and every replay
    // runs: record rows, counters, person index) in transactions of --batch
    // entries, without appending them to the journal.
    int64_t idx = 0;
    {
      auto tx = app.store().Read();
      if (!tx.ok()) return Fail(tx.status());
      auto n = (*tx)->JournalSize();
      if (!n.ok()) return Fail(n.status());
      idx = *n;
    }
    const std::string origin = app.config().origin;
    const std::string at = sabt::FormatRfc3339Millis(now);
    while ((done_appeals < appeals || done_crimes < crimes) && !out_of_time()) {
      auto tx = app.store().BeginWrite();
      if (!tx.ok()) return Fail(tx.status());
      for (size_t k = 0; k < batch && (done_appeals < appeals || done_crimes < crimes); ++k) {
        sabt::app::EntryView e;
        e.idx = idx++;
        e.seq = e.idx + 1;
        e.origin = origin;
        e.at = at;
        e.actor = actor;
        nlohmann::json payload;
        const bool crime = every > 0 && done_crimes < crimes &&
                           ((done_appeals > 0 && done_appeals % every == 0 && done_crimes < done_appeals / every) ||
                            done_appeals >= appeals);
        if (!crime) {
          sabt::domain::ValidAppeal v = make_appeal(done_appeals);
          const std::string dept = rng.Pick(districts);
          int year = sabt::YearInTajikistan(v.received_at_ms);
          auto n = (*tx)->NextNumber(dept, year);
          if (!n.ok()) return Fail(n.status());
          e.kind = "appeal.registered";
          e.subject = sabt::NewUuid();
          // The data of RecordAppealRegistration (app/appeals.cc), key for key.
          e.data = {{"number", sabt::domain::FormatNumber({dept, year, *n})},
                    {"series", dept},
                    {"year", year},
                    {"n", *n},
                    {"department", dept},
                    {"channel", v.channel},
                    {"category", v.category},
                    {"received_at", sabt::FormatRfc3339Millis(v.received_at_ms)},
                    {"person_id", sabt::NewUuid()},
                    {"registered_by", actor},
                    {"due_day", sabt::domain::DueDay(v.received_at_ms, snap->DeadlineFor(v.category))}};
          const nlohmann::json guard = sabt::app::GuardFields(*snap, v);
          for (const auto& [key, val] : guard.items()) e.data[key] = val;
          payload = sabt::app::AppealRegistrationPayload(v, sabt::app::NewVerificationCode());
          ++done_appeals;
        } else {
          sabt::app::NewReport r = make_report(done_crimes);
          int year = sabt::YearInTajikistan(r.received_at_ms);
          std::string series = sabt::domain::CrimeReportSeries(r.department);
          auto n = (*tx)->NextNumber(series, year);
          if (!n.ok()) return Fail(n.status());
          int64_t start_day = sabt::domain::LocalDay(r.received_at_ms);
          e.kind = r.kind;
          e.subject = r.id;
          // The data of RecordNewReport (app/crime.cc), key for key.
          e.data = {{"number", sabt::domain::FormatNumber({series, year, *n})},
                    {"series", series},
                    {"year", year},
                    {"n", *n},
                    {"department", r.department},
                    {"source", r.source},
                    {"received_at", sabt::FormatRfc3339Millis(r.received_at_ms)},
                    {"event_at", r.event_at},
                    {"article", r.article},
                    {"part", r.part},
                    {"classifier_version", r.classifier_version},
                    {"severity", r.severity},
                    {"person_id", sabt::NewUuid()},
                    {"registered_by", r.actor},
                    {"start_day", start_day},
                    {"check_days", r.check_days},
                    {"due_day", start_day + r.check_days}};
          payload = r.payload;
          ++done_crimes;
        }
        auto st = sabt::app::Project(**tx, e, personal ? &payload : nullptr);
        if (!st.ok()) return Fail(st);
        progress();
      }
      if (auto st = (*tx)->Commit(); !st.ok()) return Fail(st);
    }
  }
  const double total_s = Seconds(t0);

  std::printf("path=%s\nappeals=%lld\ncrimes=%lld\nseconds=%.1f\nrecords_per_s=%.0f\n", path.c_str(),
              static_cast<long long>(done_appeals), static_cast<long long>(done_crimes), total_s,
              (done_appeals + done_crimes) / std::max(total_s, 1e-9));
  return 0;
}
