// The life of an appeal: registered → assigned → in progress → answered →
// closed, with the other exits referred (to the crime register), forwarded
// (to another agency) and returned (without consideration, on a legal
// ground). Who may do what is decided here, purely; the app layer adds the
// department-scope check and writes one journal entry per step.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/role.h"
#include "util/status.h"

namespace sabt::domain {

enum class AppealState { kRegistered, kAssigned, kInProgress, kAnswered, kClosed, kReferred, kForwarded, kReturned };
enum class AppealStep { kAssign, kStart, kAnswer, kSendBack, kClose, kRefer, kForward, kReturn, kExtend };

std::string_view AppealStateId(AppealState s);
std::optional<AppealState> ParseAppealState(std::string_view id);
std::string_view AppealStepId(AppealStep s);
std::optional<AppealStep> ParseAppealStep(std::string_view id);
// The journal kind of a step, e.g. "appeal.assigned".
std::string StepKind(AppealStep s);

bool IsFinal(AppealState s);

struct StepContext {
  AppealState state;
  Role role;
  bool is_assignee = false;  // the acting user is the officer the appeal is assigned to
};

// The state after the step, or kDenied (role) / kConflict (state).
Result<AppealState> ApplyStep(const StepContext& ctx, AppealStep step);

// Whether a user of `role` may be assigned an appeal: only roles that may
// answer one (Action::kAnswerAppeal). The assign step checks the assignee
// with this, and the answer step checks the acting user again.
bool MayBeAssigned(Role role);

// Steps the user could take now (for the page's buttons).
std::vector<AppealStep> AvailableSteps(const StepContext& ctx);

}  // namespace sabt::domain
