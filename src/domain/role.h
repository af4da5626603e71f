// Roles and what each may do. Pure data; the app layer asks these questions
// before every read or write (deny by default: anything not listed is refused).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sabt::domain {

enum class Role {
  kDeskOfficer,
  kMobileOfficer,
  kInvestigator,
  kHead,
  kAnalyst,
  kProsecutor,
  kAuditor,
  kAdmin,
  // Reform programme and equipment (issue 17, docs/programme.md §6).
  kProgrammeCoordinator,  // edits the programme, groups, indicators, equipment of the scope
  kPartner,               // the OSCE Programme Office: reads the programme, never personal data
  // Video link (issue 18, docs/video.md §2): the ministry's conference room
  // equipment. Listed by no Action: it only sees and joins the meetings it is
  // invited to (domain::video::MayJoinMeeting), by name or by department.
  kVideoRoom,
};

// Stable identifiers used in the API, the CLI and the journal.
std::string_view RoleId(Role r);
std::optional<Role> ParseRole(std::string_view id);
const std::vector<Role>& AllRoles();

enum class Action {
  kRegisterAppeal,
  kReadAppeal,         // open one appeal with personal data
  kListAppeals,
  kManageUsers,
  kManageDepartments,
  kReadJournal,
  // Crime register (issue #4).
  kRegisterCrime,     // register a crime report
  kReadCrime,         // open reports and cases of the scope
  kExtendCheck,       // extend the pre-investigation check (limit depends on the role)
  kDecideCrime,       // open a case, propose a refusal, transfer, join
  kApproveRefusal,
  kAcceptTransfer,
  kManageCase,        // investigator, persons, status, qualification of a case
  kOverseeCrime,      // the oversight lists
  kManageClassifier,
  // Trip log of a mobile station (docs/sync-protocol.md §12).
  kRecordTrip,        // start/end trips and stops on the unit's field node
  kReadTrips,         // trip lists and pages of the units in scope
  // Public log (issue 13): the whole header of a journal entry, beyond the
  // public fields of /log/entry (docs/verification.md §3).
  kReadEntryHeaders,
  // Separation of duties (issue 13, item 8).
  kAnswerAppeal,      // be assigned an appeal and write its answer
  kAnnulDecision,     // annul an approved refusal or the rejection of an online submission
  // Reform programme and equipment (issue 17, docs/programme.md §6). None of
  // these records holds personal data of citizens.
  kReadProgramme,     // programme, activities, working groups, decisions, indicators
  kManageProgramme,   // edit them (within the department scope)
  kReadEquipment,     // the equipment register and handover acts
  kManageEquipment,   // hand over, transfer, repair, write off, link (within scope)
  // Persons and search (issue 16; docs/persons-and-search.md).
  kSearchPersons,     // search persons and records of the scope
  kMergePersons,      // merge and unmerge master person records
};

bool Allows(Role role, Action action);

// Oversight roles read personal data only with a reason, and every such read
// is written to the audit journal.
bool IsOversight(Role role);

}  // namespace sabt::domain
