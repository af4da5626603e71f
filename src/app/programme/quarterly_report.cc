#include "app/programme/quarterly_report.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "app/programme/equipment.h"
#include "app/programme/indicator_values.h"
#include "app/programme/programme.h"
#include "domain/deadline.h"
#include "domain/programme/programme_rules.h"
#include "domain/role.h"
#include "util/clock.h"
#include "util/json_str.h"

namespace sabt::app::programme {
namespace {

using domain::programme::Quarter;
using nlohmann::json;

std::string Pick(const json& title, const std::string& lang) {
  if (!title.is_object()) return {};
  std::string s = JsonStr(title, lang.c_str());
  return s.empty() ? JsonStr(title, "tg") : s;
}

int64_t DayOf(const std::string& s) {
  auto d = ParseDate(s);
  return d.ok() ? *d : -1;
}

// The Dushanbe day of a journal time, or -1.
int64_t DayOfTime(const std::string& rfc3339) {
  auto ms = ParseRfc3339(rfc3339);
  return ms.ok() ? domain::LocalDay(*ms) : -1;
}

double Number(const json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

bool ByCode(const json& a, const json& b) { return JsonStr(a, "code") < JsonStr(b, "code"); }

Result<std::vector<ReportProgramme>> Programmes(App& app, const Principal& who, const Quarter& q,
                                                const std::string& lang, int64_t today) {
  auto progs = ListRecords(app, who, "programme");
  if (!progs.ok()) return progs.status();
  auto comps = ListRecords(app, who, "component");
  if (!comps.ok()) return comps.status();
  auto acts = ListRecords(app, who, "activity");
  if (!acts.ok()) return acts.status();
  for (auto* v : {&*progs, &*comps, &*acts}) std::sort(v->begin(), v->end(), ByCode);
  auto tree = app.catalog().Get();
  std::vector<ReportProgramme> out;
  for (const auto& p : *progs) {
    ReportProgramme rp{JsonStr(p, "code"), Pick(p.value("title", json()), lang), JsonStr(p, "from"),
                       JsonStr(p, "to"), p.value("demo", false), {}};
    for (const auto& c : *comps) {
      if (JsonStr(c, "programme") != JsonStr(p, "id")) continue;
      ReportComponent rc{JsonStr(c, "code"), Pick(c.value("title", json()), lang), {}};
      for (const auto& a : *acts) {
        if (JsonStr(a, "component") != JsonStr(c, "id")) continue;
        const std::string status = JsonStr(a, "status");
        const auto* unit = tree->tree.Find(JsonStr(a, "unit"));
        ReportActivity ra{JsonStr(a, "code"), Pick(a.value("title", json()), lang),
                          unit ? unit->Name(lang) : JsonStr(a, "unit"), JsonStr(a, "partner"),
                          JsonStr(a, "from"), JsonStr(a, "to"), status,
                          domain::programme::ActivityOverdue(status, DayOf(JsonStr(a, "to")), today), {}};
        auto history = RecordHistory(app, who, JsonStr(a, "id"));
        if (!history.ok()) return history.status();
        for (const auto& h : *history) {
          if (JsonStr(h, "kind") != "programme.activity_status") continue;
          const int64_t day = DayOfTime(JsonStr(h, "at"));
          if (day < q.FirstDay() || day > q.LastDay()) continue;
          const json& d = h.value("data", json::object());
          ra.changes.push_back({FormatDay(day), JsonStr(d, "status"), JsonStr(d, "reason")});
        }
        rc.activities.push_back(std::move(ra));
      }
      rp.components.push_back(std::move(rc));
    }
    out.push_back(std::move(rp));
  }
  return out;
}

// Taken at a meeting on or before the last day, and open now or closed on
// or after the first day.
Result<std::vector<ReportDecision>> Decisions(App& app, const Principal& who, const Quarter& q, int64_t today) {
  auto decisions = ListRecords(app, who, "decision");
  if (!decisions.ok()) return decisions.status();
  auto meetings = ListRecords(app, who, "meeting");
  if (!meetings.ok()) return meetings.status();
  auto groups = ListRecords(app, who, "group");
  if (!groups.ok()) return groups.status();
  std::map<std::string, std::string> meeting_day, group_code;
  for (const auto& m : *meetings) meeting_day[JsonStr(m, "id")] = JsonStr(m, "date");
  for (const auto& g : *groups) group_code[JsonStr(g, "id")] = JsonStr(g, "code");
  auto names = StaffNames(app);
  std::vector<ReportDecision> out;
  for (const auto& d : *decisions) {
    const std::string day = meeting_day[JsonStr(d, "meeting")];
    const std::string status = JsonStr(d, "status");
    const int64_t closed = status == "closed" ? DayOfTime(JsonStr(d, "closed_at")) : -1;
    if (DayOf(day) < 0 || DayOf(day) > q.LastDay()) continue;
    if (status == "closed" && closed < q.FirstDay()) continue;
    out.push_back({JsonStr(d, "text"), group_code[JsonStr(d, "group")], day, names[JsonStr(d, "assignee")],
                   JsonStr(d, "deadline"), status, closed >= 0 ? FormatDay(closed) : std::string(),
                   domain::programme::DecisionOverdue(status, DayOf(JsonStr(d, "deadline")), today)});
  }
  std::sort(out.begin(), out.end(), [](const ReportDecision& a, const ReportDecision& b) {
    return std::tie(a.meeting_day, a.deadline, a.text) < std::tie(b.meeting_day, b.deadline, b.text);
  });
  return out;
}

Result<std::vector<ReportIndicator>> Indicators(App& app, const Principal& who, const Quarter& q,
                                                const std::string& lang, const std::string& department) {
  auto list = ListRecords(app, who, "indicator");
  if (!list.ok()) return list.status();
  std::sort(list->begin(), list->end(), ByCode);
  const Quarter prev = q.Previous();
  std::vector<stats::MonthRange> ranges;
  for (int m = q.FirstMonth(); m <= q.LastMonth(); ++m) ranges.push_back({m, m});
  ranges.push_back({q.FirstMonth(), q.LastMonth()});
  ranges.push_back({prev.FirstMonth(), prev.LastMonth()});
  std::vector<ReportIndicator> out;
  for (const auto& i : *list) {
    ReportIndicator ri{JsonStr(i, "code"), Pick(i.value("name", json()), lang), JsonStr(i, "unit"),
                       JsonStr(i, "direction"), JsonStr(i, "target_date"), Number(i, "baseline"),
                       Number(i, "target"), {}, std::nullopt, std::nullopt, "", std::nullopt};
    auto values = IndicatorValues(app, i, department, ranges);
    if (!values.ok()) return values.status();
    for (int k = 0; k < 3; ++k) ri.months.push_back({q.FirstMonth() + k, (*values)[k]});
    ri.value = (*values)[3];
    ri.previous = (*values)[4];
    if (ri.value && ri.previous)
      ri.trend = *ri.value > *ri.previous ? "up" : *ri.value < *ri.previous ? "down" : "level";
    if (ri.value) ri.meets_target = ri.direction == "down" ? *ri.value <= ri.target : *ri.value >= ri.target;
    out.push_back(std::move(ri));
  }
  return out;
}

std::string SerialOrPlate(const json& e) {
  std::string s = JsonStr(e, "serial");
  return s.empty() ? JsonStr(e, "plate") : s;
}

// Acts dated within the quarter and the equipment of the subtree by unit
// and kind. Lists come already filtered to the caller's scope.
Status Equipment(App& app, const Principal& who, const Quarter& q, const std::string& lang,
                 const std::string& department, QuarterlyReport* r) {
  auto items = ListEquipment(app, who, "equipment");
  if (!items.ok()) return items.status();
  auto acts = ListEquipment(app, who, "act");
  if (!acts.ok()) return acts.status();
  auto snap = app.catalog().Get();
  auto in_report = [&](const std::string& unit) { return snap->tree.InScope(department, unit); };
  auto unit_name = [&](const std::string& code) {
    const auto* d = snap->tree.Find(code);
    return d ? d->Name(lang) : code;
  };
  std::map<std::string, const json*> by_id;
  for (const auto& e : *items) by_id[JsonStr(e, "id")] = &e;
  std::sort(acts->begin(), acts->end(), [](const json& a, const json& b) {
    return std::make_pair(JsonStr(a, "date"), JsonStr(a, "number")) <
           std::make_pair(JsonStr(b, "date"), JsonStr(b, "number"));
  });
  for (const auto& a : *acts) {
    const int64_t day = DayOf(JsonStr(a, "date"));
    if (day < q.FirstDay() || day > q.LastDay() || !in_report(JsonStr(a, "receiver_unit"))) continue;
    ReportAct ra{JsonStr(a, "number"), JsonStr(a, "date"), JsonStr(a, "donor"), "", JsonStr(a, "giver_name"),
                 unit_name(JsonStr(a, "receiver_unit")), JsonStr(a, "receiver_name"), {}};
    for (const auto& id : a.value("items", json::array())) {
      if (!id.is_string()) continue;
      auto it = by_id.find(id.get<std::string>());
      if (it == by_id.end()) continue;  // moved out of the caller's scope since
      const json& e = *it->second;
      if (ra.source.empty()) ra.source = JsonStr(e, "source");
      ra.items.push_back({JsonStr(e, "kind"), JsonStr(e, "name"), SerialOrPlate(e), JsonStr(e, "status")});
    }
    r->acts.push_back(std::move(ra));
  }
  // Units in tree order, kinds by code.
  std::map<std::string, std::map<std::string, ReportUnitEquipment>> by_unit;
  for (const auto& e : *items) {
    const std::string unit = JsonStr(e, "unit");
    if (!in_report(unit)) continue;
    auto& row = by_unit[unit][JsonStr(e, "kind")];
    const std::string status = JsonStr(e, "status");
    (status == "written_off" ? row.written_off : status == "in_repair" ? row.in_repair : row.in_use) += 1;
  }
  for (const auto& [dept, depth] : snap->tree.Ordered()) {
    auto it = by_unit.find(dept->code);
    if (it == by_unit.end()) continue;
    for (auto& [kind, row] : it->second) {
      row.unit = dept->Name(lang);
      row.kind = kind;
      r->equipment.push_back(row);
    }
  }
  return Status::Ok();
}

}  // namespace

Result<QuarterlyReport> BuildQuarterlyReport(App& app, const Principal& who, const QuarterlyReportRequest& req) {
  if (!domain::Allows(who.role, domain::Action::kReadProgramme) ||
      !domain::Allows(who.role, domain::Action::kReadEquipment))
    return Status::Denied("this role may not read the programme");
  auto q = domain::programme::ParseQuarter(req.quarter);
  if (!q) return Status::Invalid("prr_quarter");
  if (req.lang != "tg" && req.lang != "ru" && req.lang != "en") return Status::Invalid("prr_lang");
  const int64_t now = app.clock().NowMillis();
  const int64_t today = domain::LocalDay(now);
  if (q->FirstDay() > today) return Status::Invalid("prr_not_begun");
  auto snap = app.catalog().Get();
  const std::string department = req.department.empty() ? who.user.department : req.department;
  const auto* dept = snap->tree.Find(department);
  if (!dept || !snap->tree.InScope(who.user.department, department))
    return Status::NotFound("no such department");

  QuarterlyReport r;
  r.quarter = *q;
  r.first_day = FormatDay(q->FirstDay());
  r.last_day = FormatDay(q->LastDay());
  r.lang = req.lang;
  r.department = department;
  r.department_name = dept->Name(req.lang);
  r.made_at = FormatLocal(now);
  auto progs = Programmes(app, who, *q, req.lang, today);
  if (!progs.ok()) return progs.status();
  r.programmes = std::move(*progs);
  auto decisions = Decisions(app, who, *q, today);
  if (!decisions.ok()) return decisions.status();
  r.decisions = std::move(*decisions);
  auto indicators = Indicators(app, who, *q, req.lang, department);
  if (!indicators.ok()) return indicators.status();
  r.indicators = std::move(*indicators);
  SABT_RETURN_IF_ERROR(Equipment(app, who, *q, req.lang, department, &r));
  return r;
}

}  // namespace sabt::app::programme
