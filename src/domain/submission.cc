#include "domain/submission.h"

#include "util/text.h"

namespace sabt::domain {
namespace {

void NeedReason(std::string_view reason, Problems* p) {
  size_t n = Utf8Length(reason);
  if (n < 5) p->push_back({"reason", n == 0 ? "required" : "too_short"});
  else if (n > 2000) p->push_back({"reason", "too_long"});
}

}  // namespace

Status CheckSubmissionAction(std::string_view status, Role role, SubmissionAction action) {
  std::string_view from = kSubmissionQueued;
  Action need = Action::kRegisterAppeal;
  if (action == SubmissionAction::kAnnulRejection) {
    from = kSubmissionRejected;
    need = Action::kAnnulDecision;
  }
  if (!Allows(role, need)) return Status::Denied("this role may not take this decision on a submission");
  if (status != from) return Status::Conflict("this submission is " + std::string(status));
  return Status::Ok();
}

Problems ValidateRejection(std::string_view ground, const std::set<std::string>& grounds, std::string_view reason) {
  Problems p;
  if (ground.empty()) p.push_back({"ground", "required"});
  else if (!grounds.count(std::string(ground))) p.push_back({"ground", "unknown_value"});
  NeedReason(reason, &p);
  return p;
}

Problems ValidateAnnulment(std::string_view reason) {
  Problems p;
  NeedReason(reason, &p);
  return p;
}

bool IsCitizenCrimeAnswer(std::string_view a) { return a == "yes" || a == "no" || a == "unknown"; }

Problems ValidateCrimeSignsAnswer(std::string_view a) {
  if (a == "yes" || a == "no" || a == "true" || a == "false") return {};
  return {{"crime_signs", a.empty() ? "required" : "unknown_value"}};
}

}  // namespace sabt::domain
