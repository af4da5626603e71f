// The online channel: citizens submit through the public form (no sign-in);
// a submission waits in its district's queue until a desk officer accepts it
// (→ a normal appeal, channel "online", received at the submission time,
// with the officer's answer on crime signs) or rejects it on a ground from
// the `submission_reject_grounds` list with a reason. Journal kinds:
// submission.received / accepted / rejected (docs/journal-format.md; the
// rules are domain/submission.h). Scope and role are checked here: an
// officer sees and decides only submissions for departments in scope; any
// other submission is "not found". Oversight of the queue (lists, annulment,
// the citizen's check) is app/submission_oversight.h.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"
#include "domain/appeal.h"
#include "domain/problem.h"
#include "store/rows.h"

namespace sabt::app {

struct OnlineInput {
  domain::AppealInput appeal;  // channel and received_at are ignored (set here)
  std::string district;        // department code the citizen chose
  std::string citizen_crime_signs;  // the citizen's own answer: yes | no | unknown ("" = unknown)
};

struct SubmitOutcome {
  domain::Problems problems;
  Result<nlohmann::json> reply = Status::Internal("not run");  // {id, reference, check_code, received_at}
};

// A decision: field problems (nothing written) or the reply.
struct DecisionOutcome {
  domain::Problems problems;
  Result<nlohmann::json> reply = Status::Internal("not run");
};

// Validates (NFC-cleaned fields, the same rules as a desk intake) and queues.
// `done` runs once, after COMMIT or on failure.
void SubmitOnline(App& app, const OnlineInput& in, std::function<void(SubmitOutcome)> done);

// Departments a citizen may choose on the form (districts), ordered.
std::vector<const domain::Department*> OnlineDistricts(const CatalogSnapshot& snap);

// The queue of `who` (status "queued", "accepted", "rejected" or "" for all).
Result<std::vector<store::SubmissionRow>> ListQueue(App& app, const Principal& who, const std::string& status);
Result<store::SubmissionRow> GetSubmission(App& app, const Principal& who, const std::string& id);

// Registers the appeal (reply as RegisterAppeal, plus "submission").
// `crime_signs` is the officer's answer, "yes" or "no" (a problem otherwise).
// kConflict when the submission was already decided.
DecisionOutcome AcceptSubmission(App& app, const Principal& who, const std::string& id, const std::string& crime_signs);
// Problems: "ground" (required / unknown_value), "reason" (required /
// too_short / too_long).
DecisionOutcome RejectSubmission(App& app, const Principal& who, const std::string& id, const std::string& ground,
                                 const std::string& reason);

}  // namespace sabt::app
