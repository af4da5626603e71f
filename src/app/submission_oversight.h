// Oversight of the online queue (issue 13, item 1): nothing a citizen
// submitted may vanish. The head and the prosecutor see, within their scope,
// every rejected submission, every one still queued after its accept_due,
// and every annulled rejection, with counts per department; the list carries
// no personal data. An oversight role opens one submission only with a
// reason, journaled (audit.viewed, record "submission") before the data is
// read out. The prosecutor can annul a rejection: the submission goes back
// to the queue and its accept clock restarts. The citizen checks their own
// submission with the ONL reference and the check code. Rules:
// domain/submission.h; formats: docs/journal-format.md §4.5.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"
#include "app/submissions.h"
#include "store/rows.h"

namespace sabt::app {

bool MaySeeSubmissionWatch(const Principal& who);

struct SubmissionWatchList {
  std::vector<store::SubmissionRow> rows;      // personal data, reason and check code blanked
  std::vector<store::SubmissionCount> counts;  // per department in scope
  std::string now;                             // the time accept_due was compared with (RFC 3339)
};

// Newest first, at most 500 rows (the counts cover all).
Result<SubmissionWatchList> ListSubmissionWatch(App& app, const Principal& who);

// One submission of the list with its personal data. Oversight roles must
// give a reason (kInvalid "reason_required" without one); it is journaled
// first, and no audit entry means no data. Out of scope: kNotFound.
Result<store::SubmissionRow> OpenWatchedSubmission(App& app, const Principal& who, const std::string& id,
                                                   const std::string& reason);

// The prosecutor annuls a rejection (problems: "reason").
DecisionOutcome AnnulRejection(App& app, const Principal& who, const std::string& id, const std::string& reason);

// The citizen's check. status: "waiting", "registered" (number and the
// appeal's verification code) or "rejected" (ground code). A wrong code, an
// unknown and a malformed reference give the same kNotFound.
struct SubmissionCheck {
  std::string status, number, appeal_code, ground;
};
Result<SubmissionCheck> CheckSubmission(App& app, const std::string& reference, const std::string& code);

}  // namespace sabt::app
