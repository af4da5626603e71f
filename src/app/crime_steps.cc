// Steps of crime reports (extend, refuse, approve/reject a refusal, open a
// case, transfer, accept a transfer, join) and of criminal cases (assign,
// add a person, status, solved, requalify). Each is one journal entry, taken
// inside the writer so the state read and the write are one transaction.
#include <charconv>

#include "app/crime.h"
#include "app/crime_classifier.h"
#include "app/crime_new_case.h"
#include "app/crime_projector.h"
#include "app/crime_record.h"
#include "domain/deadline.h"
#include "domain/number.h"
#include "util/clock.h"
#include "util/random.h"
#include "util/sha256.h"
#include "util/text.h"

namespace sabt::app {
namespace {

std::string Get(const StepFields& f, const char* k) {
  auto it = f.find(k);
  return it == f.end() ? std::string() : CleanField(it->second);
}

void NeedReason(const std::string& reason, domain::Problems* p) {
  if (Utf8Length(reason) < 5) p->push_back({"reason", reason.empty() ? "required" : "too_short"});
  if (Utf8Length(reason) > 4000) p->push_back({"reason", "too_long"});
}

nlohmann::json EntryJson(const journal::Appended& ap) {
  return {{"index", ap.index}, {"leaf_hash", HashHex(ap.leaf_hash)}};
}

bool InScope(const CatalogSnapshot& snap, const Principal& who, const std::string& dept) {
  return !dept.empty() && snap.tree.InScope(who.user.department, dept);
}

// `tx` reads who proposed a pending refusal (separation of duties).
Result<domain::ReportStepContext> ReportContext(store::ReadTx& tx, const CatalogSnapshot& snap, const Principal& who,
                                                const store::CrimeRecordRow& r) {
  bool proposed = false;
  if (r.status == domain::kRefusalPending) {
    auto proposer = RefusalProposer(tx, r.id);
    if (!proposer.ok()) return proposer.status();
    proposed = *proposer == who.user.id;
  }
  return domain::ReportStepContext{r.status, who.role, !r.target.empty() && InScope(snap, who, r.target),
                                   InScope(snap, who, r.department), proposed};
}

Result<std::pair<store::CrimeRecordRow, nlohmann::json>> LoadInScope(WriteContext& ctx, const CatalogSnapshot& snap,
                                                                     const Principal& who, const std::string& id,
                                                                     const char* kind) {
  auto row = ctx.tx().CrimeRecord(id);
  if (!row.ok()) return row.status();
  if (!row->has_value() || (*row)->kind != kind) return Status::NotFound("no such record");
  const auto& r = **row;
  if (!InScope(snap, who, r.department) && !(!r.target.empty() && InScope(snap, who, r.target)))
    return Status::NotFound("no such record");
  auto doc = nlohmann::json::parse(r.doc, nullptr, false);
  if (!doc.is_object()) return Status::Corruption("unreadable record " + id);
  return std::make_pair(r, doc);
}

struct Qualification {
  std::string article, part, severity;
  int64_t version = 0;
};

// An article and part of the current classifier, or a problem.
std::optional<Qualification> Qualify(App& app, const std::string& article, const std::string& part,
                                     domain::Problems* p) {
  auto cl = LoadClassifier(app);
  const store::ClassifierRow* a = cl.ok() ? cl->Find(article, part) : nullptr;
  if (!a) {
    p->push_back({"qualification", "unknown_value"});
    return std::nullopt;
  }
  return Qualification{a->article, a->part, a->severity, cl->version};
}

CrimeOutcome Fail(domain::Problems problems) {
  CrimeOutcome o;
  o.problems = std::move(problems);
  o.reply = Status::Invalid("invalid input");
  return o;
}

}  // namespace

std::vector<std::string> ReportStepsFor(App& app, const Principal& who, const store::CrimeRecordRow& r) {
  auto snap = app.catalog().Get();
  std::vector<std::string> out;
  auto tx = app.store().Read();
  if (!tx.ok()) return out;
  auto ctx = ReportContext(**tx, *snap, who, r);
  if (!ctx.ok()) return out;
  for (auto s : domain::AllReportSteps())
    if (domain::CheckReportStep(*ctx, s).ok()) out.emplace_back(domain::ReportStepId(s));
  return out;
}

CrimeOutcome TakeReportStep(App& app, const Principal& who, const std::string& id, const StepFields& f) {
  auto step = domain::ParseReportStep(Get(f, "step"));
  if (!step) return Fail({{"step", "unknown_value"}});
  auto snap = app.catalog().Get();
  domain::Problems p;
  std::string reason = Get(f, "reason");
  int64_t days = 0;
  std::optional<Qualification> qual;
  std::string ground = Get(f, "ground"), department = Get(f, "department"), case_number = Get(f, "case_number");
  // open_case: who investigates the new case, and whether the reporter is its victim.
  NewCaseParties parties;
  if (*step == domain::ReportStep::kOpenCase) {
    auto chosen = CaseParties(app, who, Get(f, "investigator"), Get(f, "link_victim"), &p);
    if (!chosen.ok()) return CrimeOutcome{{}, chosen.status()};
    parties = *chosen;
  }
  switch (*step) {
    case domain::ReportStep::kExtend:
      if (!ParseInt64(Get(f, "days"), &days) || days < 1) p.push_back({"days", "invalid_number"});
      NeedReason(reason, &p);
      break;
    case domain::ReportStep::kRefuse: {
      bool known = false;
      for (const auto& g : snap->refusal_grounds) known = known || g.code == ground;
      if (!known) p.push_back({"ground", ground.empty() ? "required" : "unknown_value"});
      NeedReason(reason, &p);
      break;
    }
    case domain::ReportStep::kRejectRefusal:
    case domain::ReportStep::kAnnulRefusal:
      NeedReason(reason, &p);
      break;
    case domain::ReportStep::kOpenCase: {
      if (!Get(f, "article").empty() || !Get(f, "part").empty()) qual = Qualify(app, Get(f, "article"), Get(f, "part"), &p);
      if (!qual) break;
      // A lighter qualification than the registered one needs a reason
      // (checked again inside the writer, against the row it reads there).
      auto tx = app.store().Read();
      if (!tx.ok()) return CrimeOutcome{{}, tx.status()};
      auto row = (*tx)->CrimeRecord(id);
      if (!row.ok()) return CrimeOutcome{{}, row.status()};
      if (row->has_value()) {
        auto doc = nlohmann::json::parse((*row)->doc, nullptr, false);
        std::string registered = doc.is_object() ? doc.value("severity", std::string()) : std::string();
        if (!domain::CheckCaseOpening(registered, qual->severity, reason).ok())
          p.push_back({"reason", reason.empty() ? "required" : "too_short"});
      }
      break;
    }
    case domain::ReportStep::kTransfer:
      if (department.empty()) p.push_back({"department", "required"});
      else if (!snap->tree.Find(department)) p.push_back({"department", "unknown_value"});
      else if (snap->tree.Find(department)->closed()) p.push_back({"department", "closed"});
      NeedReason(reason, &p);
      break;
    case domain::ReportStep::kJoin:
      if (case_number.empty()) p.push_back({"case_number", "required"});
      break;
    default:
      break;
  }
  if (!p.empty()) return Fail(std::move(p));
  Principal actor = who;
  int64_t today = Today(app);
  auto cmd = [snap, actor, id, step = *step, reason, days, qual, ground, department, case_number, today,
              parties](WriteContext& ctx) -> Result<nlohmann::json> {
    auto loaded = LoadInScope(ctx, *snap, actor, id, "report");
    if (!loaded.ok()) return loaded.status();
    auto& [r, doc] = *loaded;
    auto step_ctx = ReportContext(ctx.tx(), *snap, actor, r);
    if (!step_ctx.ok()) return step_ctx.status();
    SABT_RETURN_IF_ERROR(domain::CheckReportStep(*step_ctx, step));
    // A step taken once the check deadline has passed is flagged for oversight.
    // An annulment restarts the clock; it is never late itself.
    bool late = step != domain::ReportStep::kAcceptTransfer && step != domain::ReportStep::kAnnulRefusal &&
                r.due_day > 0 && today > r.due_day;
    journal::NewEntry e;
    e.subject = id;
    e.actor = actor.user.id;
    e.at_ms = ctx.now_ms();
    e.data = {{"number", r.number}, {"from", r.status}, {"late", late}};
    nlohmann::json extra = nlohmann::json::object();
    std::vector<journal::NewEntry> after;  // case facts recorded right after the step's entry
    std::string to;
    switch (step) {
      case domain::ReportStep::kExtend: {
        int max = domain::MaxCheckDays(actor.role, snap->CrimeLimits());
        if (days > max) return Status::Invalid("an extension beyond " + std::to_string(max) + " days");
        if (days <= doc.value("check_days", int64_t{0}))
          return Status::Invalid("the check already runs " + std::to_string(doc.value("check_days", int64_t{0})) + " days");
        int64_t due = doc.value("start_day", int64_t{0}) + days;
        e.kind = "crime.check_extended";
        e.data.update({{"days", days}, {"due_day", due}, {"by_role", std::string(domain::RoleId(actor.role))}});
        e.payload = nlohmann::json{{"reason", reason}};
        to = r.status;
        extra["due_date"] = FormatDay(due);
        break;
      }
      case domain::ReportStep::kRefuse:
        e.kind = "crime.refusal_proposed";
        to = "refusal_pending";
        e.data["ground"] = ground;
        e.payload = nlohmann::json{{"reason", reason}};
        break;
      case domain::ReportStep::kApproveRefusal:
        e.kind = "crime.refusal_approved";
        to = "refused";
        break;
      case domain::ReportStep::kRejectRefusal:
        e.kind = "crime.refusal_rejected";
        to = "checking";
        e.payload = nlohmann::json{{"reason", reason}};
        break;
      case domain::ReportStep::kAnnulRefusal: {
        int check_days = snap->CrimeLimits().annulled_check_days;
        e.kind = "crime.refusal_annulled";
        to = "checking";
        e.data.update({{"start_day", today}, {"check_days", check_days}, {"due_day", today + check_days}});
        e.payload = nlohmann::json{{"reason", reason}};
        extra["due_date"] = FormatDay(today + check_days);
        break;
      }
      case domain::ReportStep::kTransfer:
        if (department == r.department) return Status::Invalid("the report is already in " + department);
        e.kind = "crime.transferred";
        to = "transfer_pending";
        e.data["to_department"] = department;
        e.data["accept_by_day"] = today + snap->CrimeLimits().transfer_accept_days;
        e.payload = nlohmann::json{{"reason", reason}};
        break;
      case domain::ReportStep::kJoin: {
        store::CrimeQuery q;
        q.kind = "case";
        q.number = case_number;
        q.limit = 1;
        auto cases = ctx.tx().CrimeRecords(q);
        if (!cases.ok()) return cases.status();
        if (cases->empty() || !InScope(*snap, actor, cases->front().department))
          return Status::Invalid("no case " + case_number + " in your scope");
        e.kind = "crime.joined";
        to = "joined";
        e.data["case_id"] = cases->front().id;
        e.data["case_number"] = cases->front().number;
        extra["case_id"] = cases->front().id;
        break;
      }
      case domain::ReportStep::kOpenCase: {
        Qualification q = qual.value_or(Qualification{doc.value("article", std::string()), doc.value("part", std::string()),
                                                      doc.value("severity", std::string()),
                                                      doc.value("classifier_version", int64_t{0})});
        if (q.article.empty()) return Status::Invalid("a qualification (article and part) is required to open a case");
        auto downgrade = domain::CheckCaseOpening(doc.value("severity", std::string()), q.severity, reason);
        if (!downgrade.ok()) return downgrade.status();
        int year = YearInTajikistan(ctx.now_ms());
        std::string series = domain::CaseSeries(r.department);
        auto n = ctx.tx().NextNumber(series, year);
        if (!n.ok()) return n.status();
        std::string case_id = NewUuid();
        std::string number = domain::FormatNumber({series, year, *n});
        e.kind = "crime.case_opened";
        e.subject = case_id;
        e.data = {{"number", number},       {"series", series},         {"year", year},
                  {"n", *n},                {"department", r.department}, {"report_id", r.id},
                  {"report_number", r.number}, {"article", q.article},  {"part", q.part},
                  {"classifier_version", q.version}, {"severity", q.severity}, {"late", late}};
        if (*downgrade) {
          e.data["downgrade"] = true;
          e.payload = nlohmann::json{{"reason", reason}};
        }
        to = "case_opened";
        extra["case_id"] = case_id;
        extra["case_number"] = number;
        auto facts = NewCaseFacts(*snap, actor, r, case_id, number, parties, ctx.now_ms());
        if (!facts.ok()) return facts.status();
        after = std::move(*facts);
        break;
      }
      case domain::ReportStep::kAcceptTransfer: {
        NewReport n;
        n.kind = "crime.transfer_accepted";
        n.id = NewUuid();
        n.actor = actor.user.id;
        n.department = r.target;
        n.source = "transfer";
        n.received_at_ms = ctx.now_ms();
        n.event_at = doc.value("event_at", std::string());
        n.article = doc.value("article", std::string());
        n.part = doc.value("part", std::string());
        n.severity = doc.value("severity", std::string());
        n.classifier_version = doc.value("classifier_version", int64_t{0});
        n.check_days = snap->CrimeLimits().check_days;
        n.person_id = r.person_id;
        n.from_report = r.id;
        n.from_number = r.number;
        // The receiving end gets the account, place and reporter as registered.
        auto pl = ctx.tx().Payload(r.entry_idx);
        if (!pl.ok()) return pl.status();
        if (pl->has_value()) {
          auto body = nlohmann::json::parse((*pl)->body, nullptr, false);
          if (body.is_object()) n.payload = body;
          // The reporter's receipt stays bound to the first number.
          n.payload.erase("verification_code");
        }
        auto res = RecordNewReport(ctx, n);
        if (!res.ok()) return res.status();
        return nlohmann::json{{"status", "transferred"},
                              {"report_id", (*res)["id"]},
                              {"number", (*res)["number"]},
                              {"entry", (*res)["entry"]}};
      }
    }
    e.data["to"] = to;
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    for (auto& fact : after) {
      auto fa = ctx.Record(std::move(fact));
      if (!fa.ok()) return fa.status();
    }
    nlohmann::json out = {{"status", to}, {"entry", EntryJson(*ap)}};
    out.update(extra);
    return out;
  };
  CrimeOutcome out;
  out.reply = app.writer().Run(cmd);
  return out;
}

std::vector<std::string> CaseStepsFor(App& app, const Principal& who, const store::CrimeRecordRow& c) {
  auto snap = app.catalog().Get();
  if (!domain::Allows(who.role, domain::Action::kManageCase) || !InScope(*snap, who, c.department) || c.status == "closed")
    return {};
  auto doc = nlohmann::json::parse(c.doc, nullptr, false);
  std::string inv = doc.is_object() ? doc.value("investigator", std::string()) : std::string();
  if (who.role == domain::Role::kInvestigator && !inv.empty() && inv != who.user.id) return {};
  std::vector<std::string> out;
  if (who.role == domain::Role::kHead) out.push_back("assign");
  for (const char* s : {"add_person", "status", "solved", "requalify"}) out.push_back(s);
  return out;
}

CrimeOutcome TakeCaseStep(App& app, const Principal& who, const std::string& id, const StepFields& f) {
  std::string step = Get(f, "step");
  if (step != "assign" && step != "add_person" && step != "status" && step != "solved" && step != "requalify")
    return Fail({{"step", "unknown_value"}});
  domain::Problems p;
  std::string reason = Get(f, "reason"), status = Get(f, "status"), ground = Get(f, "ground"), role = Get(f, "role");
  std::string investigator_id, investigator_dept, date = Get(f, "date");
  std::optional<Qualification> qual;
  nlohmann::json person;
  bool solved = Get(f, "solved") == "true" || Get(f, "solved") == "yes" || Get(f, "solved") == "1";
  if (step == "assign") {
    auto tx = app.store().Read();
    if (!tx.ok()) return CrimeOutcome{{}, tx.status()};
    auto u = (*tx)->UserByUsername(Get(f, "investigator"));
    if (!u.ok()) return CrimeOutcome{{}, u.status()};
    if (!u->has_value() || (*u)->disabled || (*u)->role != "investigator") p.push_back({"investigator", "unknown_value"});
    else {
      investigator_id = (*u)->id;
      investigator_dept = (*u)->department;
    }
  } else if (step == "add_person") {
    if (!domain::IsCasePersonRole(role)) p.push_back({"role", role.empty() ? "required" : "unknown_value"});
    person = nlohmann::json::object();
    for (const char* k : {"surname", "given_name", "patronymic", "birth_date", "id_document"}) {
      std::string v = Get(f, (std::string("person.") + k).c_str());
      if (v.empty()) v = Get(f, k);
      if (Utf8Length(v) > 100) p.push_back({k, "too_long"});
      person[k] = v;
    }
    for (const char* k : {"surname", "given_name", "id_document"})
      if (person[k].get<std::string>().empty()) p.push_back({k, "required"});
    std::string bd = person["birth_date"];
    if (!bd.empty() && !ParseDate(bd).ok()) p.push_back({"birth_date", "invalid_date"});
  } else if (step == "status") {
    if (!domain::IsCaseStatus(status)) p.push_back({"status", status.empty() ? "required" : "unknown_value"});
    if (domain::CaseStatusNeedsGround(status) && Utf8Length(ground) < 3) p.push_back({"ground", "required"});
  } else if (step == "solved") {
    if (solved && !ParseDate(date).ok()) p.push_back({"date", date.empty() ? "required" : "invalid_date"});
    if (!solved) date.clear();
  } else if (step == "requalify") {
    qual = Qualify(app, Get(f, "article"), Get(f, "part"), &p);
    NeedReason(reason, &p);
  }
  if (!p.empty()) return Fail(std::move(p));
  auto snap = app.catalog().Get();
  Principal actor = who;
  auto cmd = [snap, actor, id, step, reason, status, ground, role, investigator_id, investigator_dept, date, qual, person,
              solved](WriteContext& ctx) -> Result<nlohmann::json> {
    auto loaded = LoadInScope(ctx, *snap, actor, id, "case");
    if (!loaded.ok()) return loaded.status();
    auto& [c, doc] = *loaded;
    if (!domain::Allows(actor.role, domain::Action::kManageCase)) return Status::Denied("this role may not manage cases");
    if (step == "assign" && actor.role != domain::Role::kHead) return Status::Denied("only the head assigns");
    std::string inv = doc.value("investigator", std::string());
    if (actor.role == domain::Role::kInvestigator && !inv.empty() && inv != actor.user.id)
      return Status::Denied("the case is assigned to another investigator");
    if (c.status == "closed") return Status::Conflict("the case is closed");
    journal::NewEntry e;
    e.subject = id;
    e.actor = actor.user.id;
    e.at_ms = ctx.now_ms();
    e.data = {{"number", c.number}};
    std::string to = c.status;
    if (step == "assign") {
      if (!snap->tree.InScope(c.department, investigator_dept) && !snap->tree.InScope(investigator_dept, c.department))
        return Status::Invalid("the investigator does not work in this department");
      e.kind = "case.investigator_assigned";
      e.data["investigator"] = investigator_id;
    } else if (step == "add_person") {
      auto existing = ctx.tx().PersonByDocument(person["id_document"].get<std::string>());
      if (!existing.ok()) return existing.status();
      e.kind = "case.person_added";
      e.data["person_id"] = existing->has_value() ? (*existing)->id : NewUuid();
      e.data["role"] = role;
      e.payload = nlohmann::json{{"person", person}};
    } else if (step == "status") {
      if (status == c.status) return Status::Conflict("the case is already " + status);
      e.kind = "case.status_changed";
      e.data["from"] = c.status;
      e.data["to"] = status;
      to = status;
      e.payload = nlohmann::json{{"ground", ground}, {"reason", reason}};
    } else if (step == "solved") {
      e.kind = "case.solved";
      e.data["solved"] = solved;
      e.data["date"] = date;
    } else {
      auto from = domain::ParseSeverity(doc.value("severity", std::string()));
      auto next = domain::ParseSeverity(qual->severity);
      bool downgrade = from && next && domain::IsLighter(*next, *from);
      e.kind = "case.requalified";
      e.data.update({{"from_article", doc.value("article", std::string())},
                     {"from_part", doc.value("part", std::string())},
                     {"from_severity", doc.value("severity", std::string())},
                     {"article", qual->article},
                     {"part", qual->part},
                     {"classifier_version", qual->version},
                     {"severity", qual->severity},
                     {"downgrade", downgrade}});
      e.payload = nlohmann::json{{"reason", reason}};
    }
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"status", to}, {"entry", EntryJson(*ap)}};
  };
  CrimeOutcome out;
  out.reply = app.writer().Run(cmd);
  return out;
}

}  // namespace sabt::app
