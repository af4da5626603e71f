#include "app/appeals.h"

#include <algorithm>

#include "app/sync_projector.h"
#include "app/trips.h"
#include "domain/deadline.h"
#include "domain/number.h"
#include "util/clock.h"
#include "util/random.h"
#include "util/sha256.h"

namespace sabt::app {

nlohmann::json AppealRegistrationPayload(const domain::ValidAppeal& v, const std::string& code) {
  const auto& a = v.applicant;
  return nlohmann::json{{"applicant",
                         {{"surname", a.surname},
                          {"given_name", a.given_name},
                          {"patronymic", a.patronymic},
                          {"birth_date", a.birth_date},
                          {"address", a.address},
                          {"phone", a.phone},
                          {"id_document", a.id_document}}},
                        {"summary", v.summary},
                        {"verification_code", code}};
}

std::string NewVerificationCode() {
  static constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // 31 symbols
  constexpr size_t kN = sizeof(kAlphabet) - 1;
  std::string out;
  while (out.size() < 9) {
    if (out.size() == 4) {
      out.push_back('-');
      continue;
    }
    std::string b = RandomBytes(1);
    unsigned v = static_cast<unsigned char>(b[0]);
    if (v >= 256 - (256 % kN)) continue;  // rejection sampling: no modulo bias
    out.push_back(kAlphabet[v % kN]);
  }
  return out;
}

void RegisterAppeal(App& app, const Principal& who, const domain::AppealInput& in,
                    std::function<void(RegisterOutcome)> done) {
  RegisterOutcome out;
  if (!domain::Allows(who.role, domain::Action::kRegisterAppeal)) {
    out.reply = Status::Denied("this role may not register appeals");
    done(std::move(out));
    return;
  }
  auto cat = app.catalog().Get();
  // A closed department takes no new appeals (docs/api.md "Closing a department").
  if (const auto* own = cat->tree.Find(who.user.department); own != nullptr && own->closed()) {
    out.reply = Status::Invalid("department " + own->code + " is closed: it takes no new appeals");
    done(std::move(out));
    return;
  }
  auto checked = domain::ValidateAppeal(in, cat->AppealRef(), app.clock().NowMillis());
  if (auto* problems = std::get_if<domain::Problems>(&checked)) {
    out.problems = std::move(*problems);
    out.reply = Status::Invalid("invalid input");
    done(std::move(out));
    return;
  }
  SubmitValidAppeal(app, std::get<domain::ValidAppeal>(checked), who.user.department, who.user.id,
                    [done = std::move(done)](Result<nlohmann::json> r) {
                      RegisterOutcome o;
                      o.reply = std::move(r);
                      done(std::move(o));
                    });
}

nlohmann::json GuardFields(const CatalogSnapshot& catalog, const domain::ValidAppeal& v) {
  nlohmann::json g = {{"crime_signs", v.crime_signs}, {"keyword_flag", catalog.keyword_matcher.Matches(v.summary)}};
  if (v.crime_signs)
    g["refer_due"] =
        FormatRfc3339Millis(v.received_at_ms + catalog.Setting("crime_referral_hours", 24) * 3600 * 1000);
  return g;
}

Result<nlohmann::json> RecordAppealRegistration(WriteContext& ctx, const domain::ValidAppeal& v,
                                                const std::string& department, const std::string& actor,
                                                const std::string& appeal_id, const std::string& code,
                                                int64_t due_day, const nlohmann::json& extra_data) {
  // A series has one writing node: an enrolled field node numbers in its
  // own series, which no other node may use.
  auto own = FieldSeries(ctx.tx(), department);
  if (!own.ok()) return own.status();
  const std::string& series = *own;
  SABT_RETURN_IF_ERROR(CheckSeriesWritable(ctx.tx(), series));
  int year = YearInTajikistan(v.received_at_ms);
  auto n = ctx.tx().NextNumber(series, year);
  if (!n.ok()) return n.status();
  std::string number = domain::FormatNumber({series, year, *n});
  // The same ID document means the same person: link, do not duplicate.
  std::string person_id;
  auto existing = ctx.tx().PersonByDocument(v.applicant.id_document);
  if (!existing.ok()) return existing.status();
  person_id = existing->has_value() ? (*existing)->id : NewUuid();

  journal::NewEntry e;
  e.kind = "appeal.registered";
  e.subject = appeal_id;
  e.actor = actor;
  e.at_ms = ctx.now_ms();
  std::string received = FormatRfc3339Millis(v.received_at_ms);
  e.data = {{"number", number},       {"series", series},       {"year", year},
            {"n", *n},                {"department", department},   {"channel", v.channel},
            {"category", v.category}, {"received_at", received}, {"person_id", person_id},
            {"registered_by", actor},  {"due_day", due_day}};
  for (const auto& [k, val] : extra_data.items()) e.data[k] = val;
  // On a field node numbering in its own series, an appeal registered while
  // a stop of the unit's trip is open is linked to that stop (§4.4).
  std::string trip_stop;
  if (series != department) {
    auto link = OpenStopLink(ctx.tx(), department);
    if (!link.ok()) return link.status();
    for (const auto& [k, val] : link->items()) e.data[k] = val;
    trip_stop = link->value("trip_stop", "");
  }
  e.payload = AppealRegistrationPayload(v, code);
  auto appended = ctx.Record(std::move(e));
  if (!appended.ok()) return appended.status();
  nlohmann::json reply = {{"id", appeal_id},
                          {"number", number},
                          {"verification_code", code},
                          {"received_at", received},
                          {"entry", {{"index", appended->index}, {"leaf_hash", HashHex(appended->leaf_hash)}}}};
  if (!trip_stop.empty()) reply["trip_stop"] = trip_stop;
  return reply;
}

void SubmitValidAppeal(App& app, const domain::ValidAppeal& v, const std::string& department, const std::string& actor,
                       std::function<void(Result<nlohmann::json>)> done) {
  std::string appeal_id = NewUuid();
  std::string code = NewVerificationCode();
  // The deadline is fixed at registration from the rule in force then, and
  // recorded in the entry, so a later change of the rule cannot move it.
  auto snap = app.catalog().Get();
  int64_t due_day = domain::DueDay(v.received_at_ms, snap->DeadlineFor(v.category));
  // Concealment guard: the keyword check and the referral deadline are fixed
  // now, from the lists in force, and recorded (docs/journal-format.md §4.1).
  nlohmann::json guard = GuardFields(*snap, v);
  auto cmd = [v, department, actor, appeal_id, code, due_day, guard](WriteContext& ctx) -> Result<nlohmann::json> {
    return RecordAppealRegistration(ctx, v, department, actor, appeal_id, code, due_day, guard);
  };
  app.writer().Submit(std::move(cmd), std::move(done));
}

Result<store::AppealRow> GetAppeal(App& app, const Principal& who, const std::string& id,
                                   const std::string& reason) {
  if (!domain::Allows(who.role, domain::Action::kReadAppeal)) return Status::Denied("this role may not read appeals");
  if (id.size() > 64) return Status::NotFound("no such appeal");
  store::AppealRow row;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto a = (*tx)->Appeal(id);
    if (!a.ok()) return a.status();
    if (!a->has_value()) return Status::NotFound("no such appeal");
    row = **a;
  }
  if (!app.catalog().Get()->tree.InScope(who.user.department, row.department))
    return Status::NotFound("no such appeal");
  if (domain::IsOversight(who.role)) {
    if (reason.empty()) return Status::Invalid("reason_required");
    std::string actor = who.user.id;
    auto r = app.writer().Run([actor, id, reason](WriteContext& ctx) -> Result<nlohmann::json> {
      journal::NewEntry e;
      e.kind = "audit.viewed";
      e.subject = id;
      e.actor = actor;
      e.at_ms = ctx.now_ms();
      e.data = {{"record", "appeal"}};
      e.payload = nlohmann::json{{"reason", reason}};
      auto ap = ctx.Record(std::move(e));
      if (!ap.ok()) return ap.status();
      return nlohmann::json::object();
    });
    // No audit entry, no personal data.
    if (!r.ok()) return r.status();
  }
  return row;
}

Result<AppealListPage> ListAppeals(App& app, const Principal& who, int64_t page_no, int64_t page_size) {
  if (!domain::Allows(who.role, domain::Action::kListAppeals)) return Status::Denied("this role may not list appeals");
  AppealListPage out;
  out.page_size = std::clamp<int64_t>(page_size, 1, 200);
  out.page_no = std::max<int64_t>(1, page_no);
  auto depts = app.catalog().Get()->tree.Subtree(who.user.department);
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto page = (*tx)->Appeals(depts, (out.page_no - 1) * out.page_size, out.page_size);
  if (!page.ok()) return page.status();
  out.page = std::move(*page);
  out.pages = std::max<int64_t>(1, (out.page.total + out.page_size - 1) / out.page_size);
  if (domain::IsOversight(who.role)) {
    out.names_hidden = true;
    for (auto& r : out.page.rows) {
      r.applicant_name.clear();
      r.summary.clear();
      r.verification_code.clear();
    }
  }
  return out;
}

}  // namespace sabt::app
