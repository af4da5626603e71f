// The crime register (issue #4): the classifier of Criminal Code articles,
// crime reports with their pre-investigation check, and criminal cases.
// Pure rules: no I/O and no clock (the time is passed in). The figures of the
// check (3/10/30 days, the transfer acceptance period) and the refusal
// grounds are reference data loaded by an administrator, never constants here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/csv_problem.h"
#include "domain/problem.h"
#include "domain/role.h"
#include "util/status.h"

namespace sabt::domain {

// Categories of crimes by gravity, lightest first.
enum class Severity { kSmall, kMedium, kGrave, kEspeciallyGrave };
std::string_view SeverityId(Severity s);
std::optional<Severity> ParseSeverity(std::string_view id);
// True when `to` is a lighter category than `from` (a "downgrade").
bool IsLighter(Severity to, Severity from);

// One row of a classifier version.
struct Article {
  std::string article, part;
  Severity severity = Severity::kSmall;
  std::string title_tg, title_ru, title_en;
  bool sample = false;
};

// LineProblem: domain/csv_problem.h.

// Parses and checks a classifier CSV: header
// article,part,severity,title_tg,title_ru,title_en[,sample]. Every bad line
// is reported; the result is either all rows or all problems.
std::variant<std::vector<Article>, std::vector<LineProblem>> ParseClassifierCsv(std::string_view text);

// Series of the registers of a department.
std::string CrimeReportSeries(std::string_view department);  // "KUSP-<dept>"
std::string CaseSeries(std::string_view department);         // "CASE-<dept>"

// Crime report sources that a desk registers directly. ("appeal" and
// "transfer" are set by the system.)
bool IsDirectSource(std::string_view source);

// Report states.
inline constexpr std::string_view kChecking = "checking";
inline constexpr std::string_view kRefusalPending = "refusal_pending";
inline constexpr std::string_view kRefused = "refused";
inline constexpr std::string_view kTransferPending = "transfer_pending";
inline constexpr std::string_view kTransferred = "transferred";
inline constexpr std::string_view kCaseOpened = "case_opened";
inline constexpr std::string_view kJoined = "joined";

enum class ReportStep {
  kExtend,
  kRefuse,
  kApproveRefusal,
  kRejectRefusal,
  kOpenCase,
  kTransfer,
  kAcceptTransfer,
  kJoin,
  kAnnulRefusal,  // the prosecutor annuls an approved refusal: back to checking, the clock restarts
};
std::string_view ReportStepId(ReportStep s);
std::optional<ReportStep> ParseReportStep(std::string_view id);
const std::vector<ReportStep>& AllReportSteps();

struct ReportStepContext {
  std::string_view status;
  Role role;
  bool at_receiving_end = false;  // the user's scope holds the transfer's target department
  bool at_holding_end = false;    // the user's scope holds the report's department
  bool proposed_refusal = false;  // the user proposed the pending refusal
};
// OK, or kDenied (role) / kConflict (state). Separation of duties: whoever
// proposed a refusal may not approve it (kDenied).
Status CheckReportStep(const ReportStepContext& ctx, ReportStep step);

// Case states and person roles.
bool IsCaseStatus(std::string_view s);      // investigating | suspended | in_court | closed
bool CaseStatusNeedsGround(std::string_view s);  // suspended, closed
bool IsCasePersonRole(std::string_view r);  // suspect | accused | victim | witness | complainant

// Check deadlines, in calendar days counted from the day received.
struct CheckLimits {
  int check_days = 3;
  int head_max_days = 10;
  int prosecutor_max_days = 30;
  int transfer_accept_days = 3;
  int annulled_check_days = 3;  // the check restarts for this long after an annulled refusal
};
// The longest check `role` may set, or 0 when it may not extend at all.
int MaxCheckDays(Role role, const CheckLimits& limits);

// Opening a case under a lighter qualification than the report's registered
// one is a "downgrade": it needs a reason (of at least 5 characters) and is
// flagged for oversight. Returns whether it is a downgrade, or kInvalid
// "reason_required" when it is one without a reason. Unknown or empty
// severities (a report not yet qualified) are never a downgrade.
Result<bool> CheckCaseOpening(std::string_view registered_severity, std::string_view chosen_severity,
                              std::string_view reason);

// Validates the fields of a new report. Pure: the caller passes the clock.
struct ReporterInput {
  std::string surname, given_name, patronymic, birth_date, address, phone, id_document;
  bool Empty() const;
};
struct CrimeReportInput {
  std::string source;
  ReporterInput reporter;
  std::string event_at, received_at, place_address, lat, lon, account, article, part;
};
struct ValidCrimeReport {
  std::string source;
  std::optional<ReporterInput> reporter;  // cleaned; phone normalised
  int64_t event_at_ms = 0, received_at_ms = 0;
  std::string place_address, account, article, part;
  std::optional<double> lat, lon;
};
std::variant<ValidCrimeReport, Problems> ValidateCrimeReport(const CrimeReportInput& in, int64_t now_ms);

}  // namespace sabt::domain
