#include "app/submission_oversight.h"

#include <cctype>

#include "domain/role.h"
#include "domain/submission.h"
#include "util/clock.h"
#include "util/secret_code.h"
#include "util/sha256.h"
#include "util/text.h"

namespace sabt::app {
namespace {

constexpr int64_t kWatchLimit = 500;

void BlankPersonal(store::SubmissionRow* s) {
  for (auto* f : {&s->surname, &s->given_name, &s->patronymic, &s->birth_date, &s->address, &s->phone,
                  &s->id_document, &s->summary, &s->reason, &s->check_code})
    f->clear();
}



bool PlausibleReference(const std::string& r) {
  if (r.size() < 5 || r.size() > 40 || r.compare(0, 4, "ONL-") != 0) return false;
  for (unsigned char c : r)
    if (!std::isalnum(c) && c != '-') return false;
  return true;
}

}  // namespace

bool MaySeeSubmissionWatch(const Principal& who) {
  return who.role == domain::Role::kProsecutor || who.role == domain::Role::kHead;
}

Result<SubmissionWatchList> ListSubmissionWatch(App& app, const Principal& who) {
  if (!MaySeeSubmissionWatch(who)) return Status::Denied("only the prosecutor and the head see this list");
  SubmissionWatchList out;
  out.now = FormatRfc3339Millis(app.clock().NowMillis());
  auto depts = app.catalog().Get()->tree.Subtree(who.user.department);
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto rows = (*tx)->SubmissionWatch(depts, out.now, kWatchLimit);
  if (!rows.ok()) return rows.status();
  auto counts = (*tx)->SubmissionWatchCounts(depts, out.now);
  if (!counts.ok()) return counts.status();
  out.rows = std::move(*rows);
  out.counts = std::move(*counts);
  for (auto& r : out.rows) BlankPersonal(&r);  // no personal data on the list
  return out;
}

Result<store::SubmissionRow> OpenWatchedSubmission(App& app, const Principal& who, const std::string& id,
                                                   const std::string& reason_in) {
  if (!MaySeeSubmissionWatch(who)) return Status::Denied("only the prosecutor and the head see this list");
  if (id.size() > 64) return Status::NotFound("no such submission");
  store::SubmissionRow row;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto s = (*tx)->Submission(id);
    if (!s.ok()) return s.status();
    if (!s->has_value() || !app.catalog().Get()->tree.InScope(who.user.department, (*s)->department))
      return Status::NotFound("no such submission");
    row = **s;
  }
  if (domain::IsOversight(who.role)) {
    std::string reason = CleanField(reason_in);
    if (Utf8Length(reason) < 5) return Status::Invalid("reason_required");
    std::string actor = who.user.id;
    auto r = app.writer().Run([actor, id, reason](WriteContext& ctx) -> Result<nlohmann::json> {
      journal::NewEntry e;
      e.kind = "audit.viewed";
      e.subject = id;
      e.actor = actor;
      e.at_ms = ctx.now_ms();
      e.data = {{"record", "submission"}};
      e.payload = nlohmann::json{{"reason", reason}};
      auto ap = ctx.Record(std::move(e));
      if (!ap.ok()) return ap.status();
      return nlohmann::json::object();
    });
    if (!r.ok()) return r.status();  // no audit entry, no personal data
  }
  row.check_code.clear();  // the citizen's secret is nobody else's business
  return row;
}

DecisionOutcome AnnulRejection(App& app, const Principal& who, const std::string& id, const std::string& reason_in) {
  DecisionOutcome out;
  if (!domain::Allows(who.role, domain::Action::kAnnulDecision)) {
    out.reply = Status::Denied("only the prosecutor annuls a rejection");
    return out;
  }
  if (id.size() > 64) {
    out.reply = Status::NotFound("no such submission");
    return out;
  }
  std::string reason = CleanField(reason_in);
  out.problems = domain::ValidateAnnulment(reason);
  if (!out.problems.empty()) {
    out.reply = Status::Invalid("invalid input");
    return out;
  }
  Principal actor = who;
  out.reply = app.writer().Run([&app, id, actor, reason](WriteContext& ctx) -> Result<nlohmann::json> {
    auto row = ctx.tx().Submission(id);
    if (!row.ok()) return row.status();
    auto snap = app.catalog().Get();
    if (!row->has_value() || !snap->tree.InScope(actor.user.department, (*row)->department))
      return Status::NotFound("no such submission");
    SABT_RETURN_IF_ERROR(
        domain::CheckSubmissionAction((*row)->status, actor.role, domain::SubmissionAction::kAnnulRejection));
    // The accept clock restarts now, for as long as the setting says.
    std::string accept_due =
        FormatRfc3339Millis(ctx.now_ms() + snap->Setting("submission_annulled_accept_hours", 24) * 3600 * 1000);
    journal::NewEntry e;
    e.kind = "submission.rejection_annulled";
    e.subject = id;
    e.actor = actor.user.id;
    e.at_ms = ctx.now_ms();
    e.data = {{"ground", (*row)->ground}, {"accept_due", accept_due}};
    e.payload = nlohmann::json{{"reason", reason}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"submission", id},
                          {"status", "queued"},
                          {"accept_due", accept_due},
                          {"entry", {{"index", ap->index}, {"leaf_hash", HashHex(ap->leaf_hash)}}}};
  });
  return out;
}

Result<SubmissionCheck> CheckSubmission(App& app, const std::string& reference_in, const std::string& code) {
  const Status not_found = Status::NotFound("no submission with that reference and code");
  std::string reference = CleanField(reference_in);
  for (auto& c : reference) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::optional<store::SubmissionRow> row;
  std::optional<store::AppealRow> appeal;
  if (PlausibleReference(reference)) {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto s = (*tx)->SubmissionByReference(reference);
    if (!s.ok()) return s.status();
    row = *s;
    if (row && row->status == "accepted" && !row->appeal_id.empty()) {
      auto a = (*tx)->Appeal(row->appeal_id);
      if (!a.ok()) return a.status();
      appeal = *a;
    }
  }
  // Compared even when there is no row, so an unknown reference costs the same.
  std::string expected = row ? NormalSecretCode(row->check_code) : std::string("UNKNOWNREFERENCE");
  bool match = SameSecretCode(NormalSecretCode(code), expected);
  if (!row || !match) return not_found;
  SubmissionCheck out;
  if (row->status == "accepted") {
    out.status = "registered";
    out.number = row->appeal_number;
    if (appeal) out.appeal_code = appeal->verification_code;
  } else if (row->status == "rejected") {
    out.status = "rejected";
    out.ground = row->ground;
  } else {
    out.status = "waiting";
  }
  return out;
}

}  // namespace sabt::app
