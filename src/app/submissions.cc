#include "app/submissions.h"

#include <set>

#include "app/appeals.h"
#include "domain/deadline.h"
#include "domain/role.h"
#include "domain/submission.h"
#include "util/clock.h"
#include "util/random.h"
#include "util/sha256.h"
#include "util/text.h"

namespace sabt::app {
namespace {

bool MayDecide(const Principal& who) { return domain::Allows(who.role, domain::Action::kRegisterAppeal); }

}  // namespace

std::vector<const domain::Department*> OnlineDistricts(const CatalogSnapshot& snap) {
  std::vector<const domain::Department*> out;
  for (const auto& [d, depth] : snap.tree.Ordered())
    if (d->kind == domain::DepartmentKind::kDistrict && !d->closed()) out.push_back(d);  // closed: takes nothing new
  return out;
}

void SubmitOnline(App& app, const OnlineInput& in, std::function<void(SubmitOutcome)> done) {
  SubmitOutcome out;
  auto snap = app.catalog().Get();
  const int64_t now = app.clock().NowMillis();
  domain::AppealInput a = in.appeal;
  std::string citizen = CleanField(in.citizen_crime_signs);
  if (citizen.empty()) citizen = "unknown";
  a.channel = "online";
  a.received_at = FormatLocalInput(now);
  // The citizen's answer is kept apart (citizen_crime_signs); the appeal's
  // classification is the desk officer's, asked on acceptance.
  a.crime_signs = "no";
  auto checked = domain::ValidateAppeal(a, snap->AppealRef(), now);
  std::string district = CleanField(in.district);
  const auto* dept = snap->tree.Find(district);
  domain::Problems problems;
  if (auto* p = std::get_if<domain::Problems>(&checked)) problems = *p;
  if (!domain::IsCitizenCrimeAnswer(citizen)) problems.push_back({"citizen_crime_signs", "unknown_value"});
  if (district.empty()) problems.push_back({"district", "required"});
  else if (!dept || dept->kind != domain::DepartmentKind::kDistrict) problems.push_back({"district", "unknown_value"});
  else if (dept->closed()) problems.push_back({"district", "closed"});  // takes no new appeals
  if (!problems.empty()) {
    out.problems = std::move(problems);
    out.reply = Status::Invalid("invalid input");
    done(std::move(out));
    return;
  }
  domain::ValidAppeal v = std::get<domain::ValidAppeal>(checked);
  std::string id = NewUuid();
  std::string reference = "ONL-" + NewVerificationCode();
  std::string check_code = NewVerificationCode();
  // The keyword guard runs on every submission, with the list in force now.
  bool keyword_flag = snap->keyword_matcher.Matches(v.summary);
  std::string accept_due = FormatRfc3339Millis(now + snap->Setting("submission_accept_hours", 24) * 3600 * 1000);
  auto cmd = [v, id, reference, check_code, keyword_flag, citizen, accept_due, district,
              now](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "submission.received";
    e.subject = id;
    e.actor = "public";
    e.at_ms = ctx.now_ms();
    std::string received = FormatRfc3339Millis(now);
    e.data = {{"reference", reference},     {"department", district},     {"category", v.category},
              {"channel", "online"},        {"received_at", received},    {"keyword_flag", keyword_flag},
              {"citizen_crime_signs", citizen}, {"accept_due", accept_due}};
    const auto& ap = v.applicant;
    e.payload = nlohmann::json{{"applicant",
                                {{"surname", ap.surname},
                                 {"given_name", ap.given_name},
                                 {"patronymic", ap.patronymic},
                                 {"birth_date", ap.birth_date},
                                 {"address", ap.address},
                                 {"phone", ap.phone},
                                 {"id_document", ap.id_document}}},
                               {"summary", v.summary},
                               {"check_code", check_code}};
    auto appended = ctx.Record(std::move(e));
    if (!appended.ok()) return appended.status();
    return nlohmann::json{
        {"id", id}, {"reference", reference}, {"check_code", check_code}, {"received_at", received}};
  };
  app.writer().Submit(std::move(cmd), [done = std::move(done)](Result<nlohmann::json> r) {
    SubmitOutcome o;
    o.reply = std::move(r);
    done(std::move(o));
  });
}

Result<std::vector<store::SubmissionRow>> ListQueue(App& app, const Principal& who, const std::string& status) {
  if (!MayDecide(who)) return Status::Denied("this role may not work the online queue");
  if (!status.empty() && status != "queued" && status != "accepted" && status != "rejected")
    return Status::Invalid("status must be queued, accepted or rejected");
  auto depts = app.catalog().Get()->tree.Subtree(who.user.department);
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  return (*tx)->Submissions(depts, status, 500);
}

Result<store::SubmissionRow> GetSubmission(App& app, const Principal& who, const std::string& id) {
  if (!MayDecide(who)) return Status::Denied("this role may not work the online queue");
  if (id.size() > 64) return Status::NotFound("no such submission");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto s = (*tx)->Submission(id);
  if (!s.ok()) return s.status();
  if (!s->has_value() || !app.catalog().Get()->tree.InScope(who.user.department, (*s)->department))
    return Status::NotFound("no such submission");
  return **s;
}

DecisionOutcome AcceptSubmission(App& app, const Principal& who, const std::string& id,
                                 const std::string& crime_signs_in) {
  DecisionOutcome out;
  if (!MayDecide(who)) {
    out.reply = Status::Denied("this role may not work the online queue");
    return out;
  }
  if (id.size() > 64) {
    out.reply = Status::NotFound("no such submission");
    return out;
  }
  std::string crime_signs = CleanField(crime_signs_in);
  out.problems = domain::ValidateCrimeSignsAnswer(crime_signs);
  if (!out.problems.empty()) {
    out.reply = Status::Invalid("invalid input");
    return out;
  }
  bool signs = crime_signs == "yes" || crime_signs == "true";
  Principal actor = who;
  std::string appeal_id = NewUuid(), code = NewVerificationCode();
  // State read, number and both entries in one write transaction: a second
  // accept (or a reject) that races this one sees the decision and stops.
  out.reply = app.writer().Run([&app, id, actor, appeal_id, code, signs](WriteContext& ctx) -> Result<nlohmann::json> {
    auto row = ctx.tx().Submission(id);
    if (!row.ok()) return row.status();
    auto snap = app.catalog().Get();
    if (!row->has_value() || !snap->tree.InScope(actor.user.department, (*row)->department))
      return Status::NotFound("no such submission");
    const store::SubmissionRow& s = **row;
    SABT_RETURN_IF_ERROR(domain::CheckSubmissionAction(s.status, actor.role, domain::SubmissionAction::kAccept));
    if (s.surname.empty()) return Status::Conflict("this submission's personal data was erased");
    auto received = ParseRfc3339(s.received_at);
    if (!received.ok()) return Status::Corruption("submission " + id + ": bad received_at");
    domain::ValidAppeal v;
    v.applicant = {s.surname, s.given_name, s.patronymic, s.birth_date, s.address, s.phone, s.id_document};
    v.channel = "online";
    v.category = s.category;
    v.summary = s.summary;
    v.received_at_ms = *received;
    v.crime_signs = signs;  // the desk officer's answer; refer_due counts from the submission time
    int64_t due_day = domain::DueDay(v.received_at_ms, snap->DeadlineFor(v.category));

    // The registration first (its number goes into the acceptance), then
    // the acceptance; the command's savepoint makes the pair all or nothing.
    nlohmann::json extra = GuardFields(*snap, v);
    extra["submission"] = id;
    if (!s.citizen_crime_signs.empty()) extra["citizen_crime_signs"] = s.citizen_crime_signs;
    auto reg = RecordAppealRegistration(ctx, v, s.department, actor.user.id, appeal_id, code, due_day, extra);
    if (!reg.ok()) return reg.status();
    journal::NewEntry e;
    e.kind = "submission.accepted";
    e.subject = id;
    e.actor = actor.user.id;
    e.at_ms = ctx.now_ms();
    e.data = {{"appeal", appeal_id}, {"number", (*reg)["number"]}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    nlohmann::json out = *reg;
    out["submission"] = id;
    out["reference"] = s.reference;
    return out;
  });
  return out;
}

DecisionOutcome RejectSubmission(App& app, const Principal& who, const std::string& id, const std::string& ground_in,
                                 const std::string& reason_in) {
  DecisionOutcome out;
  if (!MayDecide(who)) {
    out.reply = Status::Denied("this role may not work the online queue");
    return out;
  }
  if (id.size() > 64) {
    out.reply = Status::NotFound("no such submission");
    return out;
  }
  std::string reason = CleanField(reason_in), ground = CleanField(ground_in);
  std::set<std::string> grounds;
  for (const auto& g : app.catalog().Get()->submission_reject_grounds) grounds.insert(g.code);
  out.problems = domain::ValidateRejection(ground, grounds, reason);
  if (!out.problems.empty()) {
    out.reply = Status::Invalid("invalid input");
    return out;
  }
  Principal actor = who;
  out.reply = app.writer().Run([&app, id, actor, ground, reason](WriteContext& ctx) -> Result<nlohmann::json> {
    auto row = ctx.tx().Submission(id);
    if (!row.ok()) return row.status();
    if (!row->has_value() || !app.catalog().Get()->tree.InScope(actor.user.department, (*row)->department))
      return Status::NotFound("no such submission");
    SABT_RETURN_IF_ERROR(
        domain::CheckSubmissionAction((*row)->status, actor.role, domain::SubmissionAction::kReject));
    journal::NewEntry e;
    e.kind = "submission.rejected";
    e.subject = id;
    e.actor = actor.user.id;
    e.at_ms = ctx.now_ms();
    e.data = {{"ground", ground}};
    e.payload = nlohmann::json{{"reason", reason}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"submission", id},
                          {"status", "rejected"},
                          {"ground", ground},
                          {"entry", {{"index", ap->index}, {"leaf_hash", HashHex(ap->leaf_hash)}}}};
  });
  return out;
}

}  // namespace sabt::app
