#include "app/stats/stat_projection.h"

#include <atomic>
#include <map>

#include "app/clock_flags.h"
#include "store/stats_tx.h"
#include "util/json_str.h"

namespace sabt::app::stats {
namespace {

using domain::stats::Contribution;

// False only in bench/stats_intake_server.cc's measurement run.
std::atomic<bool> g_counters_maintained{true};

void Push(std::vector<std::string>* v, const std::string& id) {
  if (!id.empty()) v->push_back(id);
}

void AddRecord(const store::StatRecord& r, Contribution* out) {
  switch (r.kind) {
    case store::StatRecord::kAppeal: return domain::stats::AddAppeal(r.appeal, out);
    case store::StatRecord::kSubmission: return domain::stats::AddSubmission(r.submission, out);
    case store::StatRecord::kCrime: return domain::stats::AddCrime(r.crime, out);
    case store::StatRecord::kTrip: return domain::stats::AddTrip(r.trip, out);
    case store::StatRecord::kStop: return domain::stats::AddStop(r.stop, out);
  }
}

// Stored rows of one counter table as "name/department/period" → value.
Result<std::map<std::string, int64_t>> Stored(store::ReadTx& tx, const char* table) {
  auto rows = tx.TableRows(table);
  if (!rows.ok()) return rows.status();
  std::map<std::string, int64_t> out;
  for (const auto& r : *rows) {
    auto j = nlohmann::json::parse(r, nullptr, false);
    if (!j.is_array() || j.size() != 2 || !j[0].is_string() || !j[1].is_number_integer())
      return Status::Corruption(std::string("unreadable row of ") + table);
    out[j[0].get<std::string>()] = j[1].get<int64_t>();
  }
  return out;
}

std::string Diff(const char* table, const std::map<std::string, int64_t>& stored,
                 const std::map<std::string, int64_t>& recount) {
  auto a = stored.begin();
  auto b = recount.begin();
  while (a != stored.end() || b != recount.end()) {
    if (b == recount.end() || (a != stored.end() && a->first < b->first))
      return std::string(table) + " counter " + a->first + ": stored " + std::to_string(a->second) + ", recount 0";
    if (a == stored.end() || b->first < a->first)
      return std::string(table) + " counter " + b->first + ": stored 0, recount " + std::to_string(b->second);
    if (a->second != b->second)
      return std::string(table) + " counter " + a->first + ": stored " + std::to_string(a->second) + ", recount " +
             std::to_string(b->second);
    ++a;
    ++b;
  }
  return "";
}

}  // namespace

Touched TouchedBy(const EntryView& e) {
  Touched t;
  const std::string& k = e.kind;
  if (k.rfind("appeal.", 0) == 0) {
    Push(&t.appeals, e.subject);
  } else if (k.rfind("submission.", 0) == 0) {
    Push(&t.submissions, e.subject);
  } else if (k == "crime.transfer_accepted") {
    Push(&t.crimes, e.subject);
    Push(&t.crimes, JsonStr(e.data, "from_report"));
  } else if (k == "crime.case_opened") {
    Push(&t.crimes, e.subject);
    Push(&t.crimes, JsonStr(e.data, "report_id"));
  } else if (k.rfind("crime.", 0) == 0 || k.rfind("case.", 0) == 0) {
    Push(&t.crimes, e.subject);
  } else if (k == "trip.started" || k == "trip.ended") {
    Push(&t.trips, e.subject);
  } else if (k == "trip.stop_started" || k == "trip.stop_ended") {
    Push(&t.stops, e.subject);
  } else if (k == "sync.pulled") {
    // A field node takes its parent's lifecycle fields of its own appeals.
    for (const auto& a : e.data.value("appeals", nlohmann::json::array())) Push(&t.appeals, JsonStr(a, "id"));
  }
  if (k == "appeal.registered" || k == "submission.received" || k == "crime.registered" ||
      k == "crime.transfer_accepted" || k == "crime.case_opened" || k == "trip.started" || k == "trip.stop_started")
    t.created = e.subject;
  return t;
}

Result<Contribution> ContributionOf(store::ReadTx& tx, const Touched& t, const std::string& skip) {
  Contribution out;
  store::StatsReader* stats = store::StatsOf(tx);
  if (!stats) return store::NoStats();
  for (const auto& id : t.appeals) {
    if (!skip.empty() && id == skip) continue;
    auto a = stats->StatAppeal(id);
    if (!a.ok()) return a.status();
    if (a->has_value()) domain::stats::AddAppeal(**a, &out);
  }
  for (const auto& id : t.submissions) {
    if (!skip.empty() && id == skip) continue;
    auto s = tx.Submission(id);
    if (!s.ok()) return s.status();
    if (!s->has_value()) continue;
    const auto& r = **s;
    domain::stats::AddSubmission({r.id, r.department, r.status, r.received_at, r.accept_due, r.annulled}, &out);
  }
  for (const auto& id : t.crimes) {
    if (!skip.empty() && id == skip) continue;
    auto c = tx.CrimeRecord(id);
    if (!c.ok()) return c.status();
    if (!c->has_value()) continue;
    const auto& r = **c;
    domain::stats::AddCrime({r.id, r.kind, r.department, r.status, r.flags, r.doc, r.due_day}, &out);
  }
  for (const auto& id : t.trips) {
    if (!skip.empty() && id == skip) continue;
    auto tr = tx.Trip(id);
    if (!tr.ok()) return tr.status();
    if (tr->has_value()) domain::stats::AddTrip({(*tr)->id, (*tr)->unit, (*tr)->started_at}, &out);
  }
  for (const auto& id : t.stops) {
    if (!skip.empty() && id == skip) continue;
    auto s = stats->StatStop(id);
    if (!s.ok()) return s.status();
    if (s->has_value()) domain::stats::AddStop(**s, &out);
  }
  return out;
}

void StopCountersForMeasurementOnly() { g_counters_maintained.store(false); }

Status ProjectWithStats(store::WriteTx& tx, const EntryView& e, const std::function<Status()>& apply) {
  if (!g_counters_maintained.load(std::memory_order_relaxed)) return apply();
  Touched t = TouchedBy(e);
  if (e.kind == "sync.batch_accepted") {
    // Offline intake (§1.7): the batch's appeals arrive here with this entry.
    auto covered = IntakesCoveredBy(tx, e.data);
    if (!covered.ok()) return covered.status();
    for (auto& id : *covered) Push(&t.appeals, id);
  }
  if (t.empty()) return apply();
  auto before = ContributionOf(tx, t, t.created);
  if (!before.ok()) return before.status();
  SABT_RETURN_IF_ERROR(apply());
  auto after = ContributionOf(tx, t);
  if (!after.ok()) return after.status();
  Contribution diff = *after;
  domain::stats::Accumulate(*before, -1, &diff);
  if (diff.empty()) return Status::Ok();
  std::vector<store::StatDelta> deltas;
  deltas.reserve(diff.size());
  for (const auto& [key, v] : diff)
    deltas.push_back({key.name, key.department, key.day, domain::stats::MonthOfDay(key.day), v});
  store::StatsWriter* writer = store::StatsWriterOf(tx);
  if (!writer) return store::NoStats();
  return writer->AddStats(deltas);
}

Result<std::string> CompareWithRecount(store::ReadTx& tx) {
  Contribution all;
  store::StatsReader* stats = store::StatsOf(tx);
  if (!stats) return store::NoStats();
  SABT_RETURN_IF_ERROR(stats->ScanStatRecords([&](const store::StatRecord& r) {
    AddRecord(r, &all);
    return Status::Ok();
  }));
  std::map<std::string, int64_t> days, months;
  for (const auto& [k, v] : all) {
    std::string base = k.name + "/" + k.department + "/";
    days[base + std::to_string(k.day)] += v;
    months[base + std::to_string(domain::stats::MonthOfDay(k.day))] += v;
  }
  auto stored_days = Stored(tx, "stat_days");
  if (!stored_days.ok()) return stored_days.status();
  auto stored_months = Stored(tx, "stat_months");
  if (!stored_months.ok()) return stored_months.status();
  std::string d = Diff("day", *stored_days, days);
  if (!d.empty()) return d;
  return Diff("month", *stored_months, months);
}

}  // namespace sabt::app::stats
