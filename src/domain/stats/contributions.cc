#include "domain/stats/contributions.h"

#include <nlohmann/json.hpp>

#include "domain/deadline.h"
#include "util/clock.h"

namespace sabt::domain::stats {
namespace {

void Add(Contribution* out, std::string name, const std::string& dept, int64_t day, int64_t v = 1) {
  if (day < 0 || v == 0) return;
  (*out)[StatKey{std::move(name), dept, day}] += v;
}

std::string Str(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t Int(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

bool Finished(const std::string& status) {
  return status == "closed" || status == "referred" || status == "forwarded" || status == "returned";
}

void AddReport(const CrimeFacts& c, const nlohmann::json& doc, Contribution* out) {
  const std::string& d = c.department;
  int64_t reg = DayOf(Str(doc, "registered_at"));
  std::string article = NamePart(Str(doc, "article"));
  std::string severity = NamePart(Str(doc, "severity"));
  if (Str(doc, "from_report").empty()) {
    Add(out, "crime.registered", d, reg);
    Add(out, "crime.registered.source." + NamePart(Str(doc, "source")), d, reg);
    if (!article.empty()) Add(out, "crime.registered.article." + article, d, reg);
    if (!severity.empty()) Add(out, "crime.registered.severity." + severity, d, reg);
  } else {
    Add(out, "crime.transfer_in", d, reg);
  }
  Add(out, "crime.status." + NamePart(c.status), d, reg);
  std::string decision;
  if (c.status == "case_opened" || c.status == "joined") decision = "case";
  if (c.status == "refused") decision = "refusal";
  if (c.status == "transfer_pending" || c.status == "transferred") decision = "transfer";
  int64_t decided = DayOf(Str(doc, "decided_at"));
  if (c.status == "joined") decided = -1;  // joined to a case without a decision of its own
  if (!decision.empty() && decided >= 0) {
    Add(out, "crime.decision." + decision, d, decided);
    if (!article.empty()) Add(out, "crime.decision.article." + article, d, decided);
    if (!severity.empty()) Add(out, "crime.decision.severity." + severity, d, decided);
    int64_t days = decided - Int(doc, "start_day");
    const char* bucket = days <= 3 ? "le3" : days <= 10 ? "le10" : days <= 30 ? "le30" : "gt30";
    Add(out, std::string("crime.decision.days.") + bucket, d, decided);
    int64_t deadline = decision == "transfer" ? Int(doc, "check_due_day") : c.due_day;
    if (deadline > 0 && decided > deadline) Add(out, "crime.decision.late", d, decided);
  }
  int64_t annulments = Int(doc, "annulments");
  if (annulments > 0) Add(out, "crime.refusal_annulled", d, DayOf(Str(doc, "annulled_at")), annulments);
  if ((c.status == "checking" || c.status == "refusal_pending") && c.due_day > 0)
    Add(out, "crime.open.due", d, c.due_day);
  if (c.status == "transfer_pending" && c.due_day > 0) Add(out, "crime.transfer.open.due", d, c.due_day);
  if (c.flags.find(",extended,") != std::string::npos) Add(out, "crime.flag.extended", d, reg);
  if (c.flags.find(",late_edit,") != std::string::npos) Add(out, "crime.flag.late_edit", d, reg);
}

void AddCase(const CrimeFacts& c, const nlohmann::json& doc, Contribution* out) {
  int64_t opened = DayOf(Str(doc, "opened_at"));
  Add(out, "case.opened", c.department, opened);
  Add(out, "case.status." + NamePart(c.status), c.department, opened);
  auto solved = doc.find("solved");
  if (solved != doc.end() && solved->is_boolean() && solved->get<bool>()) Add(out, "case.solved", c.department, opened);
}

}  // namespace

std::string NamePart(std::string_view code) {
  std::string out;
  out.reserve(code.size());
  bool plain = true;
  for (char ch : code) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    plain = plain && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-');
    out += ch;
  }
  if (plain) return out;
  // Free text (a place typed in Tajik): the hex of its UTF-8 bytes, so that
  // different texts never share a name.
  static const char* kHex = "0123456789abcdef";
  out = "x";
  for (size_t i = 0; i < code.size() && i < 64; ++i) {
    auto b = static_cast<unsigned char>(code[i]);
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

int64_t MonthOfDay(int64_t day) {
  std::string s = FormatDay(day);  // YYYY-MM-DD
  if (s.size() < 7) return 0;
  return std::stoll(s.substr(0, 4)) * 100 + std::stoll(s.substr(5, 2));
}

int64_t DayOf(std::string_view rfc3339) {
  if (rfc3339.empty()) return -1;
  auto ms = ParseRfc3339(rfc3339);
  if (!ms.ok()) return -1;
  return LocalDay(*ms);
}

void AddAppeal(const AppealFacts& a, Contribution* out) {
  const std::string& d = a.department;
  int64_t rec = DayOf(a.received_at);
  Add(out, "appeal.received.channel." + NamePart(a.channel), d, rec);
  Add(out, "appeal.received.category." + NamePart(a.category), d, rec);
  Add(out, "appeal.status." + NamePart(a.status), d, rec);
  if (Finished(a.status) && !a.closed_at.empty()) {
    int64_t done = DayOf(a.closed_at);
    bool late = a.due_day > 0 && done > a.due_day;
    Add(out, late ? "appeal.answer.late" : "appeal.answer.in_time", d, done);
  } else if (!Finished(a.status) && a.due_day > 0) {
    Add(out, "appeal.open.due", d, a.due_day);
  }
  if (a.has_flags) {
    if (a.crime_signs) Add(out, "appeal.crime_signs", d, rec);
    if (a.keyword_flag) Add(out, "appeal.keyword_flag", d, rec);
    if (a.crime_signs && !a.refer_due.empty()) {
      if (!a.referred_at.empty() && a.referred_at > a.refer_due) Add(out, "appeal.referral.late", d, rec);
      if (a.referred_at.empty() && !Finished(a.status)) Add(out, "appeal.referral.open.due", d, DayOf(a.refer_due));
    }
  }
  if (!a.arrived_at.empty()) {
    // Offline intake (§1.7): counted on the arrival day, a laptop clock ahead
    // of the node's gives no negative delay.
    int64_t arrived = DayOf(a.arrived_at);
    auto from = ParseRfc3339(a.received_at);
    auto to = ParseRfc3339(a.arrived_at);
    if (arrived >= 0 && from.ok() && to.ok()) {
      Add(out, "appeal.offline", d, arrived);
      Add(out, "appeal.offline.delay_minutes", d, arrived, *to > *from ? (*to - *from) / 60000 : 0);
    }
  }
  if (a.at_stop) {
    Add(out, "appeal.mobile", d, rec);
    if (!a.stop_place.empty()) Add(out, "appeal.mobile.jamoat." + NamePart(a.stop_place), d, rec);
  }
}

void AddSubmission(const SubmissionFacts& s, Contribution* out) {
  int64_t rec = DayOf(s.received_at);
  Add(out, "submission.received", s.department, rec);
  if (s.status == "accepted") Add(out, "submission.accepted", s.department, rec);
  if (s.status == "rejected") Add(out, "submission.rejected", s.department, rec);
  if (s.annulled > 0) Add(out, "submission.rejection_annulled", s.department, rec, s.annulled);
  if (s.status == "queued") Add(out, "submission.queued.due", s.department, DayOf(s.accept_due));
}

void AddCrime(const CrimeFacts& c, Contribution* out) {
  auto doc = nlohmann::json::parse(c.doc, nullptr, false);
  if (!doc.is_object()) return;
  if (c.kind == "report") AddReport(c, doc, out);
  if (c.kind == "case") AddCase(c, doc, out);
}

void AddTrip(const TripFacts& t, Contribution* out) { Add(out, "trip.started", t.unit, DayOf(t.started_at)); }

void AddStop(const StopFacts& s, Contribution* out) {
  int64_t day = DayOf(s.started_at);
  Add(out, "trip.stop", s.unit, day);
  if (!s.place.empty()) Add(out, "trip.stop.jamoat." + NamePart(s.place), s.unit, day);
}

void Accumulate(const Contribution& from, int64_t sign, Contribution* to) {
  for (const auto& [k, v] : from) {
    auto& slot = (*to)[k];
    slot += sign * v;
    if (slot == 0) to->erase(k);
  }
}

}  // namespace sabt::domain::stats
