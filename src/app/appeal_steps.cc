#include "app/appeal_steps.h"

#include <charconv>

#include "app/crime.h"
#include "domain/deadline.h"
#include "util/sha256.h"
#include "util/text.h"

namespace sabt::app {
namespace {

domain::StepContext ContextFor(const Principal& who, const store::AppealRow& a) {
  return {domain::ParseAppealState(a.status).value_or(domain::AppealState::kRegistered), who.role,
          !a.assigned_to.empty() && a.assigned_to == who.user.id};
}

}  // namespace

std::vector<domain::AppealStep> StepsFor(App& app, const Principal& who, const store::AppealRow& a) {
  if (!app.catalog().Get()->tree.InScope(who.user.department, a.department)) return {};
  return domain::AvailableSteps(ContextFor(who, a));
}

StepOutcome TakeStep(App& app, const Principal& who, const std::string& appeal_id, const StepInput& in) {
  StepOutcome out;
  auto step = domain::ParseAppealStep(in.step);
  if (!step) {
    out.problems.push_back({"step", "unknown_value"});
    out.reply = Status::Invalid("invalid input");
    return out;
  }
  auto snap = app.catalog().Get();
  // Step-specific input, checked before the writer.
  std::string text = CleanField(in.text);
  std::string officer_id, officer_department;
  int64_t days = 0;
  switch (*step) {
    case domain::AppealStep::kAssign: {
      auto tx = app.store().Read();
      if (!tx.ok()) {
        out.reply = tx.status();
        return out;
      }
      auto u = (*tx)->UserByUsername(CleanField(in.officer));
      if (!u.ok()) {
        out.reply = u.status();
        return out;
      }
      if (!u->has_value() || (*u)->disabled) out.problems.push_back({"officer", "unknown_value"});
      else if (auto role = domain::ParseRole((*u)->role); !role || !domain::MayBeAssigned(*role))
        out.problems.push_back({"officer", "may_not_answer"});  // separation of duties
      else {
        officer_id = (*u)->id;
        officer_department = (*u)->department;
      }
      break;
    }
    case domain::AppealStep::kAnswer:
      if (Utf8Length(text) < 10) out.problems.push_back({"text", Utf8Length(text) == 0 ? "required" : "too_short"});
      if (Utf8Length(text) > 20000) out.problems.push_back({"text", "too_long"});
      break;
    case domain::AppealStep::kSendBack:
    case domain::AppealStep::kExtend:
    case domain::AppealStep::kForward:
      if (Utf8Length(text) < 5) out.problems.push_back({"text", "required"});
      if (*step == domain::AppealStep::kForward && CleanField(in.agency).empty())
        out.problems.push_back({"agency", "required"});
      if (*step == domain::AppealStep::kExtend) {
        auto r = std::from_chars(in.days.data(), in.days.data() + in.days.size(), days);
        if (r.ec != std::errc() || days < 1) out.problems.push_back({"days", "invalid_number"});
      }
      break;
    case domain::AppealStep::kReturn: {
      bool known = false;
      for (const auto& g : snap->return_grounds) known = known || g.code == in.ground;
      if (!known) out.problems.push_back({"ground", in.ground.empty() ? "required" : "unknown_value"});
      break;
    }
    default:
      break;
  }
  if (!out.problems.empty()) {
    out.reply = Status::Invalid("invalid input");
    return out;
  }
  Principal actor = who;
  std::string agency = CleanField(in.agency), ground = in.ground;
  auto cmd = [&app, actor, appeal_id, step = *step, text, officer_id, officer_department, days, agency,
              ground](WriteContext& ctx) -> Result<nlohmann::json> {
    auto row = ctx.tx().Appeal(appeal_id);
    if (!row.ok()) return row.status();
    auto snap = app.catalog().Get();
    if (!row->has_value() || !snap->tree.InScope(actor.user.department, (*row)->department))
      return Status::NotFound("no such appeal");
    const store::AppealRow& a = **row;
    auto next = domain::ApplyStep(ContextFor(actor, a), step);
    if (!next.ok()) return next.status();
    journal::NewEntry e;
    e.kind = domain::StepKind(step);
    e.subject = appeal_id;
    e.actor = actor.user.id;
    e.at_ms = ctx.now_ms();
    e.data = {{"from", a.status}, {"to", std::string(domain::AppealStateId(*next))}, {"number", a.number}};
    switch (step) {
      case domain::AppealStep::kAssign:
        if (!snap->tree.InScope(a.department, officer_department) &&
            !snap->tree.InScope(officer_department, a.department))
          return Status::Invalid("the officer does not work in this department");
        e.data["officer"] = officer_id;
        break;
      case domain::AppealStep::kAnswer:
        e.payload = nlohmann::json{{"answer", text}};
        break;
      case domain::AppealStep::kSendBack:
      case domain::AppealStep::kForward:
        e.payload = nlohmann::json{{"reason", text}};
        if (step == domain::AppealStep::kForward) e.data["agency"] = agency;
        break;
      case domain::AppealStep::kReturn:
        e.data["ground"] = ground;
        break;
      case domain::AppealStep::kExtend: {
        int64_t already = a.extended;
        if (already + days > snap->MaxExtensionDays(a.category))
          return Status::Invalid("an extension beyond the maximum of " + std::to_string(snap->MaxExtensionDays(a.category)) +
                                 " days");
        e.data["days"] = days;
        e.data["due_day"] = domain::ExtendDueDay(a.due_day, static_cast<int>(days), snap->DeadlineFor(a.category));
        e.payload = nlohmann::json{{"reason", text}};
        break;
      }
      default:
        break;
    }
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    nlohmann::json reply = {{"status", std::string(domain::AppealStateId(*next))},
                            {"entry", {{"index", ap->index}, {"leaf_hash", HashHex(ap->leaf_hash)}}}};
    // A referral registers the linked crime report in the same transaction.
    if (step == domain::AppealStep::kRefer) {
      auto report = RecordReferral(ctx, *snap, actor.user.id, a);
      if (!report.ok()) return report.status();
      reply["crime_report"] = {{"id", (*report)["id"]}, {"number", (*report)["number"]}};
    }
    return reply;
  };
  out.reply = app.writer().Run(cmd);
  return out;
}

Result<std::vector<HistoryLine>> AppealHistory(App& app, const std::string& appeal_id) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto entries = (*tx)->EntriesBySubject(appeal_id);
  if (!entries.ok()) return entries.status();
  std::vector<HistoryLine> out;
  for (const auto& e : *entries) {
    auto j = nlohmann::json::parse(e.entry, nullptr, false);
    if (j.is_discarded()) continue;
    HistoryLine h;
    h.index = e.idx;
    h.at = e.at;
    h.kind = e.kind;
    auto u = (*tx)->UserById(j.value("actor", std::string()));
    h.actor_name = u.ok() && u->has_value() ? (*u)->display_name : j.value("actor", std::string());
    const auto& d = j.value("data", nlohmann::json::object());
    auto str = [&d](const char* k) { return d.contains(k) && d[k].is_string() ? d[k].get<std::string>() : std::string(); };
    h.to = str("to");
    h.agency = str("agency");
    h.ground = str("ground");
    h.to_department = str("to_department");
    h.case_number = str("case_number");
    h.person_role = str("role");
    if (d.contains("days") && d["days"].is_number_integer()) h.days = d["days"].get<int64_t>();
    for (const char* k : {"officer", "investigator"}) {
      if (!d.contains(k) || !d[k].is_string()) continue;
      auto o = (*tx)->UserById(d[k].get<std::string>());
      if (o.ok() && o->has_value()) h.officer_name = (*o)->display_name;
    }
    h.detail = h.to;
    if (!h.officer_name.empty() && d.contains("officer")) h.detail += " → " + h.officer_name;
    if (!h.agency.empty()) h.detail += " → " + h.agency;
    if (!h.ground.empty()) h.detail += " (" + h.ground + ")";
    if (h.days > 0) h.detail += " +" + std::to_string(h.days);
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace sabt::app
