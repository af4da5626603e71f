#include "app/crime.h"

#include <set>

#include "app/appeals.h"
#include "app/crime_classifier.h"
#include "app/crime_projector.h"
#include "app/crime_record.h"
#include "app/sync_projector.h"
#include "domain/deadline.h"
#include "domain/device_rules.h"
#include "domain/number.h"
#include "util/clock.h"
#include "util/random.h"
#include "util/sha256.h"

namespace sabt::app {

int64_t Today(const App& app) { return domain::LocalDay(app.clock().NowMillis()); }

Result<nlohmann::json> RecordNewReport(WriteContext& ctx, const NewReport& r) {
  int year = YearInTajikistan(r.received_at_ms);
  // A series has one writing node: an enrolled field node numbers its unit's
  // reports (referrals) in its own series, KUSP-<device series> (§4a).
  auto own = FieldSeries(ctx.tx(), r.department);
  if (!own.ok()) return own.status();
  std::string series = *own == r.department ? domain::CrimeReportSeries(r.department) : domain::DeviceCrimeSeries(*own);
  SABT_RETURN_IF_ERROR(CheckSeriesWritable(ctx.tx(), series));
  auto n = ctx.tx().NextNumber(series, year);
  if (!n.ok()) return n.status();
  std::string number = domain::FormatNumber({series, year, *n});
  std::string person_id = r.person_id;
  nlohmann::json payload = r.payload;
  // The same ID document means the same person: link, do not duplicate.
  if (payload.contains("reporter") && person_id.empty()) {
    std::string doc = payload["reporter"].value("id_document", std::string());
    auto existing = ctx.tx().PersonByDocument(doc);
    if (!existing.ok()) return existing.status();
    person_id = existing->has_value() ? (*existing)->id : NewUuid();
  }
  int64_t start_day = domain::LocalDay(r.received_at_ms);
  journal::NewEntry e;
  e.kind = r.kind;
  e.subject = r.id;
  e.actor = r.actor;
  e.at_ms = ctx.now_ms();
  e.data = {{"number", number},
            {"series", series},
            {"year", year},
            {"n", *n},
            {"department", r.department},
            {"source", r.source},
            {"received_at", FormatRfc3339Millis(r.received_at_ms)},
            {"event_at", r.event_at},
            {"article", r.article},
            {"part", r.part},
            {"classifier_version", r.classifier_version},
            {"severity", r.severity},
            {"person_id", person_id},
            {"registered_by", r.actor},
            {"start_day", start_day},
            {"check_days", r.check_days},
            {"due_day", start_day + r.check_days}};
  if (!r.appeal_id.empty()) {
    e.data["appeal_id"] = r.appeal_id;
    e.data["appeal_number"] = r.appeal_number;
  }
  if (!r.from_report.empty()) {
    e.data["from_report"] = r.from_report;
    e.data["from_number"] = r.from_number;
  }
  if (!payload.empty()) e.payload = payload;
  auto ap = ctx.Record(std::move(e));
  if (!ap.ok()) return ap.status();
  nlohmann::json reply = {{"id", r.id},
                          {"number", number},
                          {"due_date", FormatDay(start_day + r.check_days)},
                          {"entry", {{"index", ap->index}, {"leaf_hash", HashHex(ap->leaf_hash)}}}};
  if (payload.contains("verification_code")) reply["verification_code"] = payload["verification_code"];
  return reply;
}

CrimeOutcome RegisterCrimeReport(App& app, const Principal& who, const domain::CrimeReportInput& in) {
  CrimeOutcome out;
  if (!domain::Allows(who.role, domain::Action::kRegisterCrime)) {
    out.reply = Status::Denied("this role may not register crime reports");
    return out;
  }
  // A closed department takes no new reports (docs/api.md "Closing a department").
  if (const auto* own = app.catalog().Get()->tree.Find(who.user.department); own != nullptr && own->closed()) {
    out.reply = Status::Invalid("department " + own->code + " is closed: it takes no new crime reports");
    return out;
  }
  auto checked = domain::ValidateCrimeReport(in, app.clock().NowMillis());
  if (auto* p = std::get_if<domain::Problems>(&checked)) {
    out.problems = std::move(*p);
    out.reply = Status::Invalid("invalid input");
    return out;
  }
  auto& v = std::get<domain::ValidCrimeReport>(checked);
  auto cl = LoadClassifier(app);
  if (!cl.ok()) {
    out.reply = cl.status();
    return out;
  }
  const store::ClassifierRow* art = cl->Find(v.article, v.part);
  if (!art) {
    out.problems.push_back({"qualification", "unknown_value"});
    out.reply = Status::Invalid("invalid input");
    return out;
  }
  NewReport r;
  r.kind = "crime.registered";
  r.id = NewUuid();
  r.actor = who.user.id;
  r.department = who.user.department;
  r.source = v.source;
  r.received_at_ms = v.received_at_ms;
  r.event_at = FormatRfc3339Millis(v.event_at_ms);
  r.article = art->article;
  r.part = art->part;
  r.classifier_version = cl->version;
  r.severity = art->severity;
  r.check_days = app.catalog().Get()->CrimeLimits().check_days;
  nlohmann::json place = {{"address", v.place_address}};
  if (v.lat) place["lat"] = *v.lat;
  if (v.lon) place["lon"] = *v.lon;
  // The reporter's receipt code (docs/api.md "The reporter's receipt").
  r.payload = {{"place", place}, {"account", v.account}, {"verification_code", NewVerificationCode()}};
  if (v.reporter) {
    const auto& p = *v.reporter;
    r.payload["reporter"] = {{"surname", p.surname},     {"given_name", p.given_name}, {"patronymic", p.patronymic},
                             {"birth_date", p.birth_date}, {"address", p.address},       {"phone", p.phone},
                             {"id_document", p.id_document}};
  }
  out.reply = app.writer().Run([r](WriteContext& ctx) { return RecordNewReport(ctx, r); });
  return out;
}

Result<nlohmann::json> RecordReferral(WriteContext& ctx, const CatalogSnapshot& snap, const std::string& actor,
                                      const store::AppealRow& a) {
  NewReport r;
  r.kind = "crime.registered";
  r.id = NewUuid();
  r.actor = actor;
  r.department = a.department;
  r.source = "appeal";
  r.received_at_ms = ctx.now_ms();
  r.event_at = a.received_at;
  r.check_days = snap.CrimeLimits().check_days;
  r.appeal_id = a.id;
  r.appeal_number = a.number;
  r.person_id = a.person_id;
  r.payload = {{"place", {{"address", ""}}}, {"account", a.summary}};
  return RecordNewReport(ctx, r);
}

namespace {

bool InScopeOf(const CatalogSnapshot& snap, const Principal& who, const store::CrimeRecordRow& r) {
  if (snap.tree.InScope(who.user.department, r.department)) return true;
  return !r.target.empty() && snap.tree.InScope(who.user.department, r.target);
}

}  // namespace

Result<store::CrimeRecordRow> GetCrimeRecord(App& app, const Principal& who, const std::string& id,
                                             const std::string& kind, const std::string& reason) {
  if (!domain::Allows(who.role, domain::Action::kReadCrime)) return Status::Denied("this role may not read the crime register");
  if (id.size() > 64) return Status::NotFound("no such record");
  store::CrimeRecordRow row;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto r = (*tx)->CrimeRecord(id);
    if (!r.ok()) return r.status();
    if (!r->has_value() || (*r)->kind != kind) return Status::NotFound("no such record");
    row = **r;
  }
  if (!InScopeOf(*app.catalog().Get(), who, row)) return Status::NotFound("no such record");
  if (domain::IsOversight(who.role)) {
    if (reason.empty()) return Status::Invalid("reason_required");
    std::string actor = who.user.id;
    std::string record = kind == "case" ? "criminal_case" : "crime_report";
    auto r = app.writer().Run([actor, id, reason, record](WriteContext& ctx) -> Result<nlohmann::json> {
      journal::NewEntry e;
      e.kind = "audit.viewed";
      e.subject = id;
      e.actor = actor;
      e.at_ms = ctx.now_ms();
      e.data = {{"record", record}};
      e.payload = nlohmann::json{{"reason", reason}};
      auto ap = ctx.Record(std::move(e));
      if (!ap.ok()) return ap.status();
      return nlohmann::json::object();
    });
    if (!r.ok()) return r.status();  // no audit entry, no personal data
  }
  return row;
}

Result<CrimePage> ListCrime(App& app, const Principal& who, const std::string& kind, const std::string& list,
                            int64_t before, int64_t limit) {
  if (!domain::Allows(who.role, domain::Action::kReadCrime)) return Status::Denied("this role may not read the crime register");
  if (kind != "report" && kind != "case") return Status::Invalid("unknown kind");
  if (limit < 1 || limit > kCrimeMaxPageSize)
    return Status::Invalid("limit must be between 1 and " + std::to_string(kCrimeMaxPageSize));
  if (before < 0) return Status::Invalid("before must not be negative");
  auto snap = app.catalog().Get();
  store::CrimeQuery q;
  q.kind = kind;
  q.departments = snap->tree.Subtree(who.user.department);
  int64_t today = Today(app);
  if (list == "due_today") {
    q.statuses = {"checking"};
    q.due_min = q.due_max = today;
  } else if (list == "overdue") {
    q.statuses = {"checking"};
    q.due_max = today - 1;
  } else if (list == "extended") {
    q.statuses = {"checking"};
    q.flag = "extended";
  } else if (list == "inbox") {
    q.departments.clear();
    q.targets = snap->tree.Subtree(who.user.department);
    q.statuses = {"transfer_pending"};
  } else if (list == "refusals") {
    q.statuses = {"refusal_pending", "refused"};
  } else if (!list.empty() && list != "all") {
    return Status::Invalid("unknown list '" + list + "'");
  }
  if (q.departments.empty() && q.targets.empty()) return CrimePage{};
  q.before_idx = before;
  q.limit = limit + 1;  // one more tells whether an older page exists
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto rows = (*tx)->CrimeRecords(q);
  if (!rows.ok()) return rows.status();
  CrimePage page;
  page.rows = std::move(*rows);
  if (static_cast<int64_t>(page.rows.size()) > limit) {
    page.rows.resize(static_cast<size_t>(limit));
    page.next_before = page.rows.back().entry_idx;
  }
  return page;
}

Result<std::map<std::string, std::vector<store::CrimeRecordRow>>> CrimeOversight(App& app, const Principal& who) {
  if (!domain::Allows(who.role, domain::Action::kOverseeCrime)) return Status::Denied("this role has no oversight view");
  auto snap = app.catalog().Get();
  auto scope = snap->tree.Subtree(who.user.department);
  int64_t today = Today(app);
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  std::map<std::string, std::vector<store::CrimeRecordRow>> out;
  auto run = [&](const std::string& name, store::CrimeQuery q) -> Status {
    auto rows = (*tx)->CrimeRecords(q);
    if (!rows.ok()) return rows.status();
    auto& dest = out[name];
    std::set<std::string> seen;
    for (const auto& r : dest) seen.insert(r.id);
    for (auto& r : *rows)
      if (seen.insert(r.id).second) dest.push_back(std::move(r));
    return Status::Ok();
  };
  store::CrimeQuery q;
  q.departments = scope;
  q.statuses = {"checking"};
  q.due_max = today - 1;
  SABT_RETURN_IF_ERROR(run("overdue", q));
  q = {};
  q.departments = scope;
  q.statuses = {"refusal_pending"};
  SABT_RETURN_IF_ERROR(run("refusals_pending", q));
  q.statuses = {"refusal_pending", "refused"};
  SABT_RETURN_IF_ERROR(run("refusals", q));
  // A transfer is stale once the acceptance period has run out (accept_by_day
  // is transfer day + N); seen from either end.
  q = {};
  q.departments = scope;
  q.statuses = {"transfer_pending"};
  q.due_max = today;
  SABT_RETURN_IF_ERROR(run("transfers_stale", q));
  q.departments.clear();
  q.targets = scope;
  SABT_RETURN_IF_ERROR(run("transfers_stale", q));
  q = {};
  q.kind = "case";
  q.departments = scope;
  q.flag = "downgrade";
  SABT_RETURN_IF_ERROR(run("downgrades", q));
  q = {};
  q.departments = scope;
  q.flag = "late_edit";
  SABT_RETURN_IF_ERROR(run("late_edits", q));
  // Separation of duties: refusals the prosecutor annulled (back to checking).
  q = {};
  q.departments = scope;
  q.flag = "annulled";
  SABT_RETURN_IF_ERROR(run("refusals_annulled", q));
  return out;
}

Result<std::string> RefusalProposer(store::ReadTx& tx, const std::string& report_id) {
  auto entries = tx.EntriesBySubject(report_id);
  if (!entries.ok()) return entries.status();
  std::string proposer;
  for (const auto& e : *entries) {  // oldest first: the last proposal wins
    if (e.kind != "crime.refusal_proposed") continue;
    auto j = nlohmann::json::parse(e.entry, nullptr, false);
    if (j.is_object()) proposer = j.value("actor", std::string());
  }
  return proposer;
}

nlohmann::json CrimeJson(App& app, const store::CrimeRecordRow& r, bool personal) {
  auto doc = nlohmann::json::parse(r.doc, nullptr, false);
  if (!doc.is_object()) doc = nlohmann::json::object();
  auto s = [&](const char* k) { return doc.value(k, std::string()); };
  nlohmann::json j = {{"id", r.id},
                      {"kind", r.kind},
                      {"number", r.number},
                      {"department", r.department},
                      {"status", r.status},
                      {"article", s("article")},
                      {"part", s("part")},
                      {"classifier_version", doc.value("classifier_version", int64_t{0})},
                      {"severity", s("severity")},
                      {"entry_index", r.entry_idx},
                      {"flags", FlagList(r.flags)}};
  auto tx = app.store().Read();
  auto name_of = [&](const std::string& person_id) -> std::string {
    if (person_id.empty() || !tx.ok()) return {};
    auto p = (*tx)->Person(person_id);
    if (!p.ok() || !p->has_value()) return {};
    std::string n;  // the parts that are present (all empty once erased)
    for (const std::string* part : {&(*p)->surname, &(*p)->given_name, &(*p)->patronymic})
      if (!part->empty()) n += (n.empty() ? "" : " ") + *part;
    return n;
  };
  auto user_name = [&](const std::string& id) -> std::string {
    if (id.empty() || !tx.ok()) return {};
    auto u = (*tx)->UserById(id);
    return u.ok() && u->has_value() ? (*u)->display_name : id;
  };
  if (r.kind == "report") {
    j["source"] = s("source");
    j["received_at"] = s("received_at");
    j["event_at"] = s("event_at");
    j["registered_at"] = s("registered_at");
    j["registered_by"] = s("registered_by");
    j["officer_name"] = user_name(s("registered_by"));
    j["check_days"] = doc.value("check_days", int64_t{0});
    int64_t check_due = r.status == "transfer_pending" ? doc.value("check_due_day", int64_t{0}) : r.due_day;
    j["due_date"] = check_due > 0 ? FormatDay(check_due) : std::string();
    j["extended"] = HasFlag(r.flags, "extended");
    j["appeal_id"] = r.appeal_id;
    j["appeal_number"] = s("appeal_number");
    j["target_department"] = r.target;
    j["accept_by"] = r.status == "transfer_pending" && r.due_day > 0 ? FormatDay(r.due_day) : std::string();
    j["refusal_ground"] = s("refusal_ground");
    // Separation of duties, as the prosecutor checks it: who proposed,
    // approved and annulled the refusal (staff, never a citizen).
    auto proposer = tx.ok() ? RefusalProposer(**tx, r.id) : Result<std::string>(std::string());
    j["refusal_proposed_by"] = user_name(proposer.ok() ? *proposer : std::string());
    j["refusal_approved_by"] = user_name(s("refusal_approved_by"));
    j["annulled_by"] = user_name(s("annulled_by"));
    j["case_id"] = s("case_id");
    j["case_number"] = s("case_number");
    j["transferred_to_id"] = s("transferred_to_id");
    j["transferred_to_number"] = s("transferred_to_number");
    j["from_report"] = s("from_report");
    j["from_number"] = s("from_number");
    if (personal) {
      j["person_id"] = r.person_id;
      j["reporter_name"] = name_of(r.person_id);
      j["place"] = {{"address", s("place_address")},
                    {"lat", doc.value("lat", nlohmann::json())},
                    {"lon", doc.value("lon", nlohmann::json())}};
      j["account"] = s("account");
      j["verification_code"] = s("verification_code");
    }
  } else {
    j["report_id"] = s("report_id");
    j["report_number"] = s("report_number");
    j["opened_at"] = s("opened_at");
    j["investigator"] = s("investigator");
    j["investigator_name"] = user_name(s("investigator"));
    j["status_ground"] = s("status_ground");
    j["solved"] = doc.value("solved", nlohmann::json());
    j["solved_date"] = s("solved_date");
    nlohmann::json persons = nlohmann::json::array();
    if (personal)
      for (const auto& p : doc.value("persons", nlohmann::json::array()))
        persons.push_back({{"person_id", p.value("person_id", std::string())},
                           {"role", p.value("role", std::string())},
                           {"name", name_of(p.value("person_id", std::string()))}});
    j["persons"] = persons;
  }
  return j;
}

std::vector<store::CrimeRecordRow> ReportsOfAppeal(App& app, const std::string& appeal_id) {
  auto tx = app.store().Read();
  if (!tx.ok()) return {};
  store::CrimeQuery q;
  q.appeal_id = appeal_id;
  auto rows = (*tx)->CrimeRecords(q);
  return rows.ok() ? *rows : std::vector<store::CrimeRecordRow>{};
}

}  // namespace sabt::app
