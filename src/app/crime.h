// Crime register use cases (issue #4): register a crime report, read one
// report or case (oversight reads are journaled), lists, the oversight view,
// and the steps of reports and cases. Role and department scope are checked
// here, on the server; a record outside the caller's scope is "not found".
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"
#include "app/writer.h"
#include "domain/crime.h"
#include "store/rows.h"

namespace sabt::app {

struct CrimeOutcome {
  domain::Problems problems;  // field problems: nothing written
  Result<nlohmann::json> reply = Status::Internal("not run");
};

CrimeOutcome RegisterCrimeReport(App& app, const Principal& who, const domain::CrimeReportInput& in);

// Inside the writer command of an appeal's "refer" step: registers the
// linked crime report (source "appeal") in the appeal's department, in the
// same transaction. Returns {id, number}.
Result<nlohmann::json> RecordReferral(WriteContext& ctx, const CatalogSnapshot& snap, const std::string& actor,
                                      const store::AppealRow& appeal);

// kind: "report" or "case". Oversight roles must give a reason (journaled as
// audit.viewed); kInvalid "reason_required" otherwise.
Result<store::CrimeRecordRow> GetCrimeRecord(App& app, const Principal& who, const std::string& id,
                                             const std::string& kind, const std::string& reason);

// One page of a crime list, newest registration first.
struct CrimePage {
  std::vector<store::CrimeRecordRow> rows;
  int64_t next_before = 0;  // pass as `before` for the next (older) page; 0: this is the last page
};
inline constexpr int64_t kCrimePageSize = 100;
inline constexpr int64_t kCrimeMaxPageSize = 500;

// list: all | due_today | overdue | extended | inbox | refusals (reports), all (cases).
// `before`: the `next_before` of the previous page (0: the newest);
// `limit`: 1..kCrimeMaxPageSize rows, else kInvalid.
Result<CrimePage> ListCrime(App& app, const Principal& who, const std::string& kind, const std::string& list,
                            int64_t before = 0, int64_t limit = kCrimePageSize);

// The oversight view: list name → records.
Result<std::map<std::string, std::vector<store::CrimeRecordRow>>> CrimeOversight(App& app, const Principal& who);

// A record as JSON; personal fields (names, account, place) only when `personal`.
nlohmann::json CrimeJson(App& app, const store::CrimeRecordRow& r, bool personal);

// The user id that proposed the report's latest refusal ("" when none), read
// from the journal itself (the last crime.refusal_proposed entry), so the
// rule holds for refusals proposed before the projection knew about it.
Result<std::string> RefusalProposer(store::ReadTx& tx, const std::string& report_id);

// Steps. Fields come from the JSON body or the form, as strings.
using StepFields = std::map<std::string, std::string>;
CrimeOutcome TakeReportStep(App& app, const Principal& who, const std::string& id, const StepFields& f);
CrimeOutcome TakeCaseStep(App& app, const Principal& who, const std::string& id, const StepFields& f);
std::vector<std::string> ReportStepsFor(App& app, const Principal& who, const store::CrimeRecordRow& r);
std::vector<std::string> CaseStepsFor(App& app, const Principal& who, const store::CrimeRecordRow& r);

// Crime reports linked to an appeal (by its refer step).
std::vector<store::CrimeRecordRow> ReportsOfAppeal(App& app, const std::string& appeal_id);

// Today in Dushanbe, days since epoch.
int64_t Today(const App& app);

}  // namespace sabt::app
