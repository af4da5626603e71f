// The quarterly programme report (docs/programme.md §5): what the PDF and
// XLSX writers (src/web/programme/report_*.h) print, gathered from the
// programme records, their journal entries, the equipment register and the
// statistics counters. Nothing here is typed in: every figure is read or
// computed when the report is made. Words that depend on the language
// (statuses, kinds) stay codes; titles and unit names are in `lang`.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/auth.h"
#include "domain/programme/quarter.h"

namespace sabt::app::programme {

struct ReportStatusChange {
  std::string day;  // YYYY-MM-DD, Dushanbe
  std::string status, reason;
};

struct ReportActivity {
  std::string code, title, unit, partner, from, to, status;
  bool overdue = false;
  std::vector<ReportStatusChange> changes;  // within the quarter, oldest first
};

struct ReportComponent {
  std::string code, title;
  std::vector<ReportActivity> activities;
};

struct ReportProgramme {
  std::string code, title, from, to;
  bool demo = false;
  std::vector<ReportComponent> components;
};

struct ReportDecision {
  std::string text, group, meeting_day, assignee, deadline, status, closed_day;
  bool overdue = false;
};

struct ReportIndicator {
  std::string code, name, unit, direction, target_date;
  double baseline = 0, target = 0;
  std::vector<std::pair<int, std::optional<double>>> months;  // YYYYMM of the quarter
  std::optional<double> value, previous;                      // the quarter, the quarter before
  // "up", "down", "level", or "" when a value is missing.
  std::string trend;
  std::optional<bool> meets_target;  // nullopt without a value
};

struct ReportItem {
  std::string kind, name, serial_or_plate, status;
};

struct ReportAct {
  std::string number, date, donor, source, giver_name, unit, receiver_name;
  std::vector<ReportItem> items;
};

struct ReportUnitEquipment {
  std::string unit;                      // display name
  std::string kind;                      // equipment kind code
  int in_use = 0, in_repair = 0, written_off = 0;
};

struct QuarterlyReport {
  domain::programme::Quarter quarter;
  std::string first_day, last_day;  // YYYY-MM-DD
  std::string lang, department, department_name, made_at;
  std::vector<ReportProgramme> programmes;
  std::vector<ReportDecision> decisions;
  std::vector<ReportIndicator> indicators;
  std::vector<ReportAct> acts;                  // handed over in the quarter
  std::vector<ReportUnitEquipment> equipment;   // by unit and kind, now
};

struct QuarterlyReportRequest {
  std::string quarter;     // "2026-Q4"
  std::string lang = "tg";
  std::string department;  // "" = the caller's
};

// kDenied without kReadProgramme and kReadEquipment; kInvalid whose
// message is a catalogue key without "err_" for a malformed quarter
// (prr_quarter), a quarter not begun yet (prr_not_begun) or an unknown
// language (prr_lang); kNotFound for a department outside the caller's
// scope.
Result<QuarterlyReport> BuildQuarterlyReport(App& app, const Principal& who, const QuarterlyReportRequest& req);

}  // namespace sabt::app::programme
