#include "app/stats/incident_export.h"

#include "app/catalog.h"
#include "app/stats/report_eval.h"
#include "app/stats/report_service.h"
#include "domain/deadline.h"
#include "domain/stats/contributions.h"
#include "util/clock.h"
#include "util/embedded.h"
#include "util/json_str.h"

namespace sabt::app::stats {
namespace {

std::string DateOf(const std::string& rfc3339) {
  int64_t d = domain::stats::DayOf(rfc3339);
  return d < 0 ? std::string() : FormatDay(d);
}

int64_t Int(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

// One report as its segments; `case_doc` is its case's document (or null).
nlohmann::json Incident(const store::CrimeRecordRow& r, const nlohmann::json& doc, const store::CrimeRecordRow* c,
                        const nlohmann::json& case_doc) {
  std::string event = JsonStr(doc, "event_at");
  event = event.size() >= 10 ? event.substr(0, 10) : "";
  if (!event.empty() && !ParseDate(event).ok()) event.clear();
  std::string kind = "none";
  if (r.status == "case_opened" || r.status == "joined") kind = "case";
  if (r.status == "refused") kind = "refusal";
  if (r.status == "transfer_pending" || r.status == "transferred") kind = "transfer";
  nlohmann::json decision = {{"kind", kind}, {"on", ""}, {"days", nullptr}, {"late", false}};
  int64_t decided = domain::stats::DayOf(JsonStr(doc, "decided_at"));
  if (kind != "none" && decided >= 0) {
    decision["on"] = FormatDay(decided);
    int64_t days = decided - Int(doc, "start_day");
    decision["days"] = days < 0 ? 0 : days;
    int64_t deadline = kind == "transfer" ? Int(doc, "check_due_day") : r.due_day;
    decision["late"] = deadline > 0 && decided > deadline;
  }
  nlohmann::json victims = nlohmann::json::array(), offenders = nlohmann::json::array();
  if (c) {
    decision["case_status"] = c->status;
    auto solved = case_doc.find("solved");
    decision["solved"] = solved != case_doc.end() && solved->is_boolean() ? *solved : nlohmann::json(nullptr);
    for (const auto& p : case_doc.value("persons", nlohmann::json::array())) {
      std::string role = JsonStr(p, "role");
      if (role == "victim") victims.push_back({{"seq", static_cast<int64_t>(victims.size()) + 1}});
      if (role == "suspect" || role == "accused")
        offenders.push_back({{"seq", static_cast<int64_t>(offenders.size()) + 1}});
    }
  }
  return {{"incident",
           {{"number", r.number},
            {"department", r.department},
            {"registered_on", DateOf(JsonStr(doc, "registered_at"))},
            {"event_on", event},
            {"source", JsonStr(doc, "source")}}},
          {"offences",
           nlohmann::json::array({{{"article", JsonStr(doc, "article")},
                                   {"part", JsonStr(doc, "part")},
                                   {"severity", JsonStr(doc, "severity")}}})},
          {"victims", victims},
          {"offenders", offenders},
          {"decision", decision}};
}

}  // namespace

Result<nlohmann::json> IncidentSchema() {
  auto f = embedded::Find("docs/stats-export.schema.json");
  if (!f) return Status::NotFound("docs/stats-export.schema.json is not compiled in");
  auto j = nlohmann::json::parse(*f, nullptr, false);
  if (j.is_discarded()) return Status::Corruption("the export schema is not JSON");
  return j;
}

Result<nlohmann::json> BuildIncidentExport(App& app, const Principal& who, const std::string& from,
                                           const std::string& to, const std::string& department) {
  if (!MaySeeStatistics(who.role)) return Status::Denied("this role does not see statistics");
  int64_t now = app.clock().NowMillis();
  int this_month = static_cast<int>(domain::stats::MonthOfDay(domain::LocalDay(now)));
  auto to_m = to.empty() ? std::optional<int>(this_month) : ParseMonth(to);
  auto from_m = from.empty() ? to_m : ParseMonth(from);
  if (!to_m || !from_m || *from_m > *to_m) return Status::Invalid("from/to: months YYYY-MM, from not after to");
  auto catalog = app.catalog().Get();
  std::string dep = department.empty() ? who.user.department : department;
  if (!catalog->tree.Find(dep) || !catalog->tree.InScope(who.user.department, dep))
    return Status::NotFound("no such department");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  store::CrimeQuery q;
  q.kind = "report";
  q.departments = catalog->tree.Subtree(dep);
  q.limit = 500;
  nlohmann::json incidents = nlohmann::json::array();
  for (;;) {
    auto page = (*tx)->CrimeRecords(q);
    if (!page.ok()) return page.status();
    for (const auto& r : *page) {
      auto doc = nlohmann::json::parse(r.doc, nullptr, false);
      if (!doc.is_object()) return Status::Corruption("unreadable crime record " + r.id);
      int64_t reg = domain::stats::DayOf(JsonStr(doc, "registered_at"));
      int month = reg < 0 ? 0 : static_cast<int>(domain::stats::MonthOfDay(reg));
      if (month < *from_m || month > *to_m) continue;
      std::optional<store::CrimeRecordRow> case_row;
      nlohmann::json case_doc = nlohmann::json::object();
      std::string case_id = JsonStr(doc, "case_id");
      if (!case_id.empty()) {
        auto c = (*tx)->CrimeRecord(case_id);
        if (!c.ok()) return c.status();
        case_row = *c;
        if (case_row) case_doc = nlohmann::json::parse(case_row->doc, nullptr, false);
        if (!case_doc.is_object()) case_doc = nlohmann::json::object();
      }
      incidents.push_back(Incident(r, doc, case_row ? &*case_row : nullptr, case_doc));
    }
    if (static_cast<int64_t>(page->size()) < q.limit) break;
    q.before_idx = page->back().entry_idx;
  }
  return nlohmann::json{{"schema", "sabt-incidents/1"},
                        {"generated_at", FormatRfc3339Millis(now)},
                        {"department", dep},
                        {"from", FormatMonth(*from_m)},
                        {"to", FormatMonth(*to_m)},
                        {"incidents", incidents}};
}

}  // namespace sabt::app::stats
