#include "domain/crime.h"

#include <array>
#include <charconv>
#include <cmath>
#include <set>
#include <utility>

#include "domain/appeal.h"
#include "util/clock.h"
#include "util/csv.h"
#include "util/text.h"

namespace sabt::domain {
namespace {

constexpr std::array<std::pair<Severity, std::string_view>, 4> kSeverities = {{
    {Severity::kSmall, "small"},
    {Severity::kMedium, "medium"},
    {Severity::kGrave, "grave"},
    {Severity::kEspeciallyGrave, "especially_grave"},
}};

constexpr std::array<std::pair<ReportStep, std::string_view>, 9> kSteps = {{
    {ReportStep::kExtend, "extend"},
    {ReportStep::kRefuse, "refuse"},
    {ReportStep::kApproveRefusal, "approve_refusal"},
    {ReportStep::kRejectRefusal, "reject_refusal"},
    {ReportStep::kOpenCase, "open_case"},
    {ReportStep::kTransfer, "transfer"},
    {ReportStep::kAcceptTransfer, "accept_transfer"},
    {ReportStep::kJoin, "join"},
    {ReportStep::kAnnulRefusal, "annul_refusal"},
}};

// Article "244" or "244-1", part "1".."99" (digits, no leading zero).
bool ValidArticle(const std::string& a) {
  if (a.empty() || a.size() > 8 || a[0] == '0' || a[0] == '-' || a.back() == '-') return false;
  for (char c : a)
    if (!((c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}
bool ValidPart(const std::string& p) {
  if (p.empty() || p.size() > 2 || p[0] == '0') return false;
  for (char c : p)
    if (c < '0' || c > '9') return false;
  return true;
}

void CheckText(const std::string& field, std::string* value, bool required, size_t min_len, size_t max_len,
               Problems* problems) {
  *value = CleanField(*value);
  size_t len = Utf8Length(*value);
  if (len == 0) {
    if (required) problems->push_back({field, "required"});
    return;
  }
  if (len < min_len) problems->push_back({field, "too_short"});
  if (len > max_len) problems->push_back({field, "too_long"});
}

Result<int64_t> ParseTime(const std::string& s) {
  auto ms = ParseLocalDateTime(s);
  if (!ms.ok()) ms = ParseRfc3339(s);
  return ms;
}

std::optional<double> ParseCoordinate(const std::string& s, double limit) {
  double v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v) || std::fabs(v) > limit)
    return std::nullopt;
  return v;
}

}  // namespace

std::string_view SeverityId(Severity s) {
  for (const auto& [v, id] : kSeverities)
    if (v == s) return id;
  return "unknown";
}

std::optional<Severity> ParseSeverity(std::string_view id) {
  for (const auto& [v, sid] : kSeverities)
    if (sid == id) return v;
  return std::nullopt;
}

bool IsLighter(Severity to, Severity from) { return static_cast<int>(to) < static_cast<int>(from); }

std::variant<std::vector<Article>, std::vector<LineProblem>> ParseClassifierCsv(std::string_view text) {
  std::vector<LineProblem> problems;
  auto rows = ParseCsv(text);
  if (!rows.ok()) return std::vector<LineProblem>{{0, rows.status().message(), {{"file", "not_csv", ""}}}};
  if (rows->empty()) return std::vector<LineProblem>{{1, "empty file", {{"file", "empty", ""}}}};
  const auto& h = (*rows)[0];
  bool has_sample = h.size() == 7 && h[6] == "sample";
  if ((h.size() != 6 && !has_sample) || h[0] != "article" || h[1] != "part" || h[2] != "severity" ||
      h[3] != "title_tg" || h[4] != "title_ru" || h[5] != "title_en")
    return std::vector<LineProblem>{{1, "header must be article,part,severity,title_tg,title_ru,title_en[,sample]",
                                     {{"header", "classifier_header", ""}}}};
  std::vector<Article> out;
  std::set<std::pair<std::string, std::string>> seen;
  // ParseCsv gives records; a quoted field may span lines, but classifier
  // titles never do, so record i is on line i + 1.
  for (size_t i = 1; i < rows->size(); ++i) {
    const auto& r = (*rows)[i];
    int line = static_cast<int>(i + 1);
    if (r.size() == 1 && r[0].empty()) continue;
    if (r.size() != h.size()) {
      problems.push_back({line, "expected " + std::to_string(h.size()) + " columns, found " + std::to_string(r.size()),
                          {{"columns", "column_count", std::to_string(h.size())}}});
      continue;
    }
    Article a;
    a.article = CleanField(r[0]);
    a.part = CleanField(r[1]);
    std::vector<std::string> bad;
    std::vector<CsvIssue> issues;
    if (!ValidArticle(a.article)) bad.push_back("bad article '" + a.article + "'"), issues.push_back({"article", "invalid", a.article});
    if (!ValidPart(a.part)) bad.push_back("bad part '" + a.part + "'"), issues.push_back({"part", "invalid", a.part});
    auto sev = ParseSeverity(CleanField(r[2]));
    if (!sev) {
      bad.push_back("unknown severity '" + CleanField(r[2]) + "'");
      issues.push_back({"severity", "unknown_value", CleanField(r[2])});
    } else {
      a.severity = *sev;
    }
    a.title_tg = CleanField(r[3]);
    a.title_ru = CleanField(r[4]);
    a.title_en = CleanField(r[5]);
    if (a.title_tg.empty() || a.title_ru.empty() || a.title_en.empty()) {
      bad.push_back("all three titles are required");
      const char* columns[] = {"title_tg", "title_ru", "title_en"};
      for (size_t k = 0; k < 3; ++k)
        if (CleanField(r[3 + k]).empty()) issues.push_back({columns[k], "required", ""});
    }
    if (Utf8Length(a.title_tg) > 300 || Utf8Length(a.title_ru) > 300 || Utf8Length(a.title_en) > 300)
      bad.push_back("title longer than 300 characters"), issues.push_back({"title", "too_long", "300"});
    if (has_sample) {
      std::string s = CleanField(r[6]);
      if (s != "yes" && s != "no") bad.push_back("sample must be yes or no"), issues.push_back({"sample", "yes_no", s});
      a.sample = s == "yes";
    }
    if (bad.empty() && !seen.insert({a.article, a.part}).second) {
      bad.push_back("duplicate article " + a.article + " part " + a.part);
      issues.push_back({"article", "duplicate", a.article + "/" + a.part});
    }
    if (!bad.empty()) {
      std::string msg;
      for (const auto& b : bad) msg += (msg.empty() ? "" : "; ") + b;
      problems.push_back({line, msg, std::move(issues)});
      continue;
    }
    out.push_back(std::move(a));
  }
  if (!problems.empty()) return problems;
  if (out.empty()) return std::vector<LineProblem>{{2, "no articles", {{"file", "no_rows", ""}}}};
  return out;
}

std::string CrimeReportSeries(std::string_view department) { return "KUSP-" + std::string(department); }
std::string CaseSeries(std::string_view department) { return "CASE-" + std::string(department); }

bool IsDirectSource(std::string_view s) { return s == "walk_in" || s == "phone" || s == "on_scene"; }

std::string_view ReportStepId(ReportStep s) {
  for (const auto& [v, id] : kSteps)
    if (v == s) return id;
  return "unknown";
}

std::optional<ReportStep> ParseReportStep(std::string_view id) {
  for (const auto& [v, sid] : kSteps)
    if (sid == id) return v;
  return std::nullopt;
}

const std::vector<ReportStep>& AllReportSteps() {
  static const std::vector<ReportStep> all = [] {
    std::vector<ReportStep> v;
    for (const auto& [s, id] : kSteps) v.push_back(s);
    return v;
  }();
  return all;
}

Status CheckReportStep(const ReportStepContext& ctx, ReportStep step) {
  Action need = Action::kDecideCrime;
  std::string_view from = kChecking;
  bool receiving = false;
  switch (step) {
    case ReportStep::kExtend:
      need = Action::kExtendCheck;
      break;
    case ReportStep::kApproveRefusal:
    case ReportStep::kRejectRefusal:
      need = Action::kApproveRefusal;
      from = kRefusalPending;
      break;
    case ReportStep::kAcceptTransfer:
      need = Action::kAcceptTransfer;
      from = kTransferPending;
      receiving = true;
      break;
    case ReportStep::kAnnulRefusal:
      need = Action::kAnnulDecision;
      from = kRefused;
      break;
    default:
      break;
  }
  if (!Allows(ctx.role, need)) return Status::Denied("this role may not take this step");
  if (step == ReportStep::kApproveRefusal && ctx.proposed_refusal)
    return Status::Denied("the head who proposed a refusal may not approve it");
  if (receiving ? !ctx.at_receiving_end : !ctx.at_holding_end) return Status::Denied("not at this end of the transfer");
  if (ctx.status != from)
    return Status::Conflict("the report is " + std::string(ctx.status) + "; this step needs " + std::string(from));
  return Status::Ok();
}

bool IsCaseStatus(std::string_view s) {
  return s == "investigating" || s == "suspended" || s == "in_court" || s == "closed";
}
bool CaseStatusNeedsGround(std::string_view s) { return s == "suspended" || s == "closed"; }
bool IsCasePersonRole(std::string_view r) {
  return r == "suspect" || r == "accused" || r == "victim" || r == "witness" || r == "complainant";
}

int MaxCheckDays(Role role, const CheckLimits& limits) {
  if (role == Role::kProsecutor) return limits.prosecutor_max_days;
  if (role == Role::kHead) return limits.head_max_days;
  return 0;
}

Result<bool> CheckCaseOpening(std::string_view registered_severity, std::string_view chosen_severity,
                              std::string_view reason) {
  auto from = ParseSeverity(registered_severity);
  auto to = ParseSeverity(chosen_severity);
  bool downgrade = from && to && IsLighter(*to, *from);
  if (downgrade && Utf8Length(CleanField(std::string(reason))) < 5) return Status::Invalid("reason_required");
  return downgrade;
}

bool ReporterInput::Empty() const {
  return CleanField(surname).empty() && CleanField(given_name).empty() && CleanField(patronymic).empty() &&
         CleanField(birth_date).empty() && CleanField(address).empty() && CleanField(phone).empty() &&
         CleanField(id_document).empty();
}

std::variant<ValidCrimeReport, Problems> ValidateCrimeReport(const CrimeReportInput& in, int64_t now_ms) {
  Problems p;
  ValidCrimeReport v;
  v.source = CleanField(in.source);
  if (v.source.empty()) p.push_back({"source", "required"});
  else if (!IsDirectSource(v.source)) p.push_back({"source", "unknown_value"});

  if (!(v.source == "on_scene" && in.reporter.Empty())) {
    ReporterInput r = in.reporter;
    CheckText("reporter.surname", &r.surname, true, 1, kMaxNameLength, &p);
    CheckText("reporter.given_name", &r.given_name, true, 1, kMaxNameLength, &p);
    CheckText("reporter.patronymic", &r.patronymic, false, 1, kMaxNameLength, &p);
    CheckText("reporter.address", &r.address, false, 3, kMaxAddressLength, &p);
    CheckText("reporter.id_document", &r.id_document, true, 3, kMaxDocumentLength, &p);
    r.birth_date = CleanField(r.birth_date);
    if (!r.birth_date.empty()) {
      auto d = ParseDate(r.birth_date);
      if (!d.ok()) p.push_back({"reporter.birth_date", "invalid_date"});
      else if (*d > now_ms / 86400000) p.push_back({"reporter.birth_date", "in_future"});
    }
    std::string phone = CleanField(r.phone);
    r.phone.clear();
    if (!phone.empty() && !NormalizePhone(phone, &r.phone)) p.push_back({"reporter.phone", "invalid_phone"});
    v.reporter = std::move(r);
  }

  std::string received = CleanField(in.received_at);
  v.received_at_ms = now_ms;
  if (!received.empty()) {
    auto ms = ParseTime(received);
    if (!ms.ok()) p.push_back({"received_at", "invalid_date"});
    else if (*ms > now_ms + kFutureToleranceMs) p.push_back({"received_at", "in_future"});
    else if (*ms < now_ms - kMaxBackdateMs) p.push_back({"received_at", "too_old"});
    else v.received_at_ms = *ms;
  }
  std::string event = CleanField(in.event_at);
  if (event.empty()) {
    p.push_back({"event_at", "required"});
  } else {
    auto ms = ParseTime(event);
    if (!ms.ok()) p.push_back({"event_at", "invalid_date"});
    else if (*ms > v.received_at_ms + kFutureToleranceMs) p.push_back({"event_at", "in_future"});
    else v.event_at_ms = *ms;
  }

  v.place_address = in.place_address;
  CheckText("place", &v.place_address, true, 3, kMaxAddressLength, &p);
  std::string lat = CleanField(in.lat), lon = CleanField(in.lon);
  if (!lat.empty() || !lon.empty()) {
    v.lat = ParseCoordinate(lat, 90);
    v.lon = ParseCoordinate(lon, 180);
    if (!v.lat) p.push_back({"lat", "invalid_number"});
    if (!v.lon) p.push_back({"lon", "invalid_number"});
  }
  v.account = in.account;
  CheckText("account", &v.account, true, kMinSummaryLength, kMaxSummaryLength, &p);
  v.article = CleanField(in.article);
  v.part = CleanField(in.part);
  if (v.article.empty() || v.part.empty()) p.push_back({"qualification", "required"});
  if (!p.empty()) return p;
  return v;
}

}  // namespace sabt::domain
