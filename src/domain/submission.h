// Online submissions (the public appeal form): who may decide what, and the
// rules that keep a submission from vanishing (issue 13, item 1). Pure: no
// I/O, no clock. The rejection grounds are reference data
// (`submission_reject_grounds`), passed in by the caller.
#pragma once
#include <set>
#include <string>
#include <string_view>

#include "domain/problem.h"
#include "domain/role.h"
#include "util/status.h"

namespace sabt::domain {

// Submission states (the `status` of the projection).
inline constexpr std::string_view kSubmissionQueued = "queued";
inline constexpr std::string_view kSubmissionAccepted = "accepted";
inline constexpr std::string_view kSubmissionRejected = "rejected";

enum class SubmissionAction {
  kAccept,          // desk: register it as an appeal
  kReject,          // desk: reject it on a ground, with a reason
  kAnnulRejection,  // prosecutor: put a rejected submission back in the queue
};

// OK, or kDenied (role) / kConflict (state: accept and reject need
// "queued", an annulment needs "rejected").
Status CheckSubmissionAction(std::string_view status, Role role, SubmissionAction action);

// A rejection needs a ground from `grounds` and a reason of 5 to 2000
// characters (`reason` already cleaned). Problems name the fields "ground"
// and "reason".
Problems ValidateRejection(std::string_view ground, const std::set<std::string>& grounds, std::string_view reason);

// An annulment needs a reason of 5 to 2000 characters.
Problems ValidateAnnulment(std::string_view reason);

// The citizen's own answer to "do you report a crime?": yes, no or unknown.
bool IsCitizenCrimeAnswer(std::string_view answer);

// The desk officer's crime-signs answer on acceptance: "yes"/"true" or "no"/"false"; any
// other value is a problem on the field "crime_signs".
Problems ValidateCrimeSignsAnswer(std::string_view answer);

}  // namespace sabt::domain
