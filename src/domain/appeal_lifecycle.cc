#include "domain/appeal_lifecycle.h"

#include <array>
#include <utility>

namespace sabt::domain {
namespace {

constexpr std::array<std::pair<AppealState, std::string_view>, 8> kStates = {{
    {AppealState::kRegistered, "registered"},
    {AppealState::kAssigned, "assigned"},
    {AppealState::kInProgress, "in_progress"},
    {AppealState::kAnswered, "answered"},
    {AppealState::kClosed, "closed"},
    {AppealState::kReferred, "referred"},
    {AppealState::kForwarded, "forwarded"},
    {AppealState::kReturned, "returned"},
}};

constexpr std::array<std::pair<AppealStep, std::string_view>, 9> kSteps = {{
    {AppealStep::kAssign, "assign"},
    {AppealStep::kStart, "start"},
    {AppealStep::kAnswer, "answer"},
    {AppealStep::kSendBack, "send_back"},
    {AppealStep::kClose, "close"},
    {AppealStep::kRefer, "refer"},
    {AppealStep::kForward, "forward"},
    {AppealStep::kReturn, "return"},
    {AppealStep::kExtend, "extend"},
}};

bool Open(AppealState s) {
  return s == AppealState::kRegistered || s == AppealState::kAssigned || s == AppealState::kInProgress;
}

}  // namespace

std::string_view AppealStateId(AppealState s) {
  for (const auto& [st, id] : kStates)
    if (st == s) return id;
  return "registered";
}

std::optional<AppealState> ParseAppealState(std::string_view id) {
  for (const auto& [st, sid] : kStates)
    if (sid == id) return st;
  return std::nullopt;
}

std::string_view AppealStepId(AppealStep s) {
  for (const auto& [st, id] : kSteps)
    if (st == s) return id;
  return "assign";
}

std::optional<AppealStep> ParseAppealStep(std::string_view id) {
  for (const auto& [st, sid] : kSteps)
    if (sid == id) return st;
  return std::nullopt;
}

std::string StepKind(AppealStep s) {
  switch (s) {
    case AppealStep::kAssign: return "appeal.assigned";
    case AppealStep::kStart: return "appeal.started";
    case AppealStep::kAnswer: return "appeal.answered";
    case AppealStep::kSendBack: return "appeal.sent_back";
    case AppealStep::kClose: return "appeal.closed";
    case AppealStep::kRefer: return "appeal.referred";
    case AppealStep::kForward: return "appeal.forwarded";
    case AppealStep::kReturn: return "appeal.returned";
    case AppealStep::kExtend: return "appeal.extended";
  }
  return "appeal.unknown";
}

bool IsFinal(AppealState s) { return !Open(s) && s != AppealState::kAnswered; }

Result<AppealState> ApplyStep(const StepContext& c, AppealStep step) {
  const bool head = c.role == Role::kHead;
  const bool officer = c.is_assignee;
  auto denied = [] { return Status::Denied("this role may not take this step"); };
  auto conflict = [&] {
    return Status::Conflict(std::string("not possible in state ") + std::string(AppealStateId(c.state)));
  };
  switch (step) {
    case AppealStep::kAssign:
      if (!head) return denied();
      if (!Open(c.state)) return conflict();
      return AppealState::kAssigned;
    case AppealStep::kStart:
      if (!officer) return denied();
      if (c.state != AppealState::kAssigned) return conflict();
      return AppealState::kInProgress;
    case AppealStep::kAnswer:
      if (!officer || !MayBeAssigned(c.role)) return denied();
      if (c.state != AppealState::kAssigned && c.state != AppealState::kInProgress) return conflict();
      return AppealState::kAnswered;
    case AppealStep::kSendBack:
      if (!head) return denied();
      if (c.state != AppealState::kAnswered) return conflict();
      return AppealState::kInProgress;
    case AppealStep::kClose:
      if (!head) return denied();
      if (c.state != AppealState::kAnswered) return conflict();
      return AppealState::kClosed;
    case AppealStep::kRefer:
      // Referral to the crime register must never be blocked by an
      // assignment: the desk officer who took the appeal may refer it too.
      if (!head && !officer && c.role != Role::kDeskOfficer && c.role != Role::kMobileOfficer) return denied();
      if (!Open(c.state)) return conflict();
      return AppealState::kReferred;
    case AppealStep::kForward:
    case AppealStep::kReturn:
      if (!head) return denied();
      if (!Open(c.state)) return conflict();
      return step == AppealStep::kForward ? AppealState::kForwarded : AppealState::kReturned;
    case AppealStep::kExtend:
      if (!head) return denied();
      if (!Open(c.state)) return conflict();
      return c.state;
  }
  return denied();
}

bool MayBeAssigned(Role role) { return Allows(role, Action::kAnswerAppeal); }

std::vector<AppealStep> AvailableSteps(const StepContext& ctx) {
  std::vector<AppealStep> out;
  for (const auto& [step, id] : kSteps)
    if (ApplyStep(ctx, step).ok()) out.push_back(step);
  return out;
}

}  // namespace sabt::domain
