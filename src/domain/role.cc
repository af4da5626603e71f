#include "domain/role.h"

#include <array>
#include <utility>

namespace sabt::domain {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 11> kIds = {{
    {Role::kDeskOfficer, "desk_officer"},
    {Role::kMobileOfficer, "mobile_officer"},
    {Role::kInvestigator, "investigator"},
    {Role::kHead, "head"},
    {Role::kAnalyst, "analyst"},
    {Role::kProsecutor, "prosecutor"},
    {Role::kAuditor, "auditor"},
    {Role::kAdmin, "admin"},
    // Reform programme and equipment (issue 17).
    {Role::kProgrammeCoordinator, "programme_coordinator"},
    {Role::kPartner, "partner"},
    // Video link (issue 18): the conference room's account.
    {Role::kVideoRoom, "video_room"},
}};

}  // namespace

std::string_view RoleId(Role r) {
  for (const auto& [role, id] : kIds)
    if (role == r) return id;
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view id) {
  for (const auto& [role, rid] : kIds)
    if (rid == id) return role;
  return std::nullopt;
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = [] {
    std::vector<Role> v;
    for (const auto& [role, id] : kIds) v.push_back(role);
    return v;
  }();
  return roles;
}

bool Allows(Role role, Action action) {
  switch (action) {
    case Action::kRegisterAppeal:
      return role == Role::kDeskOfficer || role == Role::kMobileOfficer || role == Role::kHead;
    case Action::kReadAppeal:
    case Action::kListAppeals:
      // Analysts see statistics, not individual appeals; admins manage
      // accounts, not cases.
      return role == Role::kDeskOfficer || role == Role::kMobileOfficer ||
             role == Role::kInvestigator || role == Role::kHead ||
             role == Role::kProsecutor || role == Role::kAuditor;
    case Action::kManageUsers:
    case Action::kManageDepartments:
      return role == Role::kAdmin;
    case Action::kReadEntryHeaders:
      return role == Role::kAuditor;
    case Action::kReadJournal:
      return role == Role::kAuditor || role == Role::kProsecutor || role == Role::kAdmin;
    case Action::kRegisterCrime:
      return role == Role::kDeskOfficer || role == Role::kMobileOfficer || role == Role::kInvestigator ||
             role == Role::kHead;
    case Action::kReadCrime:
      return role == Role::kDeskOfficer || role == Role::kMobileOfficer || role == Role::kInvestigator ||
             role == Role::kHead || role == Role::kProsecutor || role == Role::kAuditor;
    case Action::kExtendCheck:
      return role == Role::kHead || role == Role::kProsecutor;
    case Action::kDecideCrime:
    case Action::kManageCase:
      return role == Role::kInvestigator || role == Role::kHead;
    case Action::kApproveRefusal:
      return role == Role::kHead;
    case Action::kAcceptTransfer:
      return role == Role::kHead || role == Role::kDeskOfficer;
    case Action::kOverseeCrime:
      return role == Role::kHead || role == Role::kProsecutor;
    case Action::kManageClassifier:
      return role == Role::kAdmin;
    case Action::kRecordTrip:
      return role == Role::kMobileOfficer;
    case Action::kReadTrips:
      // The unit's own officers, the heads and admins over it, and the
      // oversight roles (read-only; the pages hold no personal data).
      return role == Role::kMobileOfficer || role == Role::kHead || role == Role::kAdmin ||
             role == Role::kProsecutor || role == Role::kAuditor || role == Role::kAnalyst;
    case Action::kAnswerAppeal:
      // The roles that work appeals; oversight roles and admins never answer
      // one (they would then check their own work).
      return role == Role::kDeskOfficer || role == Role::kMobileOfficer || role == Role::kInvestigator ||
             role == Role::kHead;
    case Action::kAnnulDecision:
      return role == Role::kProsecutor;
    // Reform programme and equipment (issue 17): the partner reads, only the
    // coordinator writes. No other action lists the partner.
    case Action::kReadProgramme:
    case Action::kReadEquipment:
      return role == Role::kProgrammeCoordinator || role == Role::kPartner || role == Role::kHead ||
             role == Role::kAnalyst || role == Role::kAuditor;
    case Action::kManageProgramme:
    case Action::kManageEquipment:
      return role == Role::kProgrammeCoordinator;
    // Persons and search (issue 16): whoever reads appeals or crime records
    // searches them (oversight roles with a reason); only a head merges.
    case Action::kSearchPersons:
      return Allows(role, Action::kReadAppeal) || Allows(role, Action::kReadCrime);
    case Action::kMergePersons:
      return role == Role::kHead;
  }
  return false;
}

bool IsOversight(Role role) {
  return role == Role::kProsecutor || role == Role::kAuditor || role == Role::kAnalyst;
}

}  // namespace sabt::domain
