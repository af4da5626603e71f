#include "domain/device_rules.h"

#include "domain/appeal_lifecycle.h"
#include "domain/crime.h"
#include "domain/number.h"

namespace sabt::domain {
namespace {

bool IsAppealStepKind(std::string_view kind) {
  for (AppealStep s : {AppealStep::kAssign, AppealStep::kStart, AppealStep::kAnswer, AppealStep::kSendBack,
                       AppealStep::kClose, AppealStep::kRefer, AppealStep::kForward, AppealStep::kReturn,
                       AppealStep::kExtend})
    if (StepKind(s) == kind) return true;
  return false;
}

bool IsTripKind(std::string_view kind) {
  return kind == "trip.started" || kind == "trip.stop_started" || kind == "trip.stop_ended" || kind == "trip.ended";
}

DeviceRefusal Refuse(std::string code, std::string message) { return {std::move(code), std::move(message)}; }

// The record the entry concerns must exist and belong to the unit.
std::optional<DeviceRefusal> CheckOwnRecord(const DeviceIdentity& d, const DeviceEntryFacts& e) {
  if (!e.record_department)
    return Refuse("unit", e.kind + " concerns an appeal the parent does not know");
  if (*e.record_department != d.unit)
    return Refuse("unit", e.kind + " concerns an appeal of " + *e.record_department + ", not of the unit " + d.unit);
  return std::nullopt;
}

// A numbered registration: in the unit, in `series`, and its number says so.
std::optional<DeviceRefusal> CheckNumbered(const DeviceIdentity& d, const DeviceEntryFacts& e,
                                           const std::string& series) {
  if (e.department != d.unit)
    return Refuse("unit", e.kind + " of department " + e.department + ", not of the unit " + d.unit);
  if (e.series != series)
    return Refuse("series", e.kind + " numbered in series " + e.series + "; this device numbers in " + series);
  auto parsed = ParseNumber(e.number);
  if (!parsed || parsed->series != series || parsed->year != e.year || parsed->n != e.n)
    return Refuse("series", e.kind + " with number " + e.number + " that does not match its series, year and n");
  return std::nullopt;
}

}  // namespace

ConcernedRecord RecordConcerned(std::string_view kind) {
  if (IsAppealStepKind(kind) || kind == "appeal.attachment_added" || kind == "audit.viewed" ||
      kind == "evidence.alert")
    return ConcernedRecord::kSubjectAppeal;
  if (kind == "crime.registered") return ConcernedRecord::kReferredAppeal;
  return ConcernedRecord::kNone;
}

std::optional<DeviceRefusal> CheckDeviceEntry(const DeviceIdentity& d, const DeviceEntryFacts& e) {
  const std::string& k = e.kind;
  if (k == "appeal.registered") return CheckNumbered(d, e, d.series);
  // evidence.alert: the laptop found a file of one of its appeals whose bytes
  // do not match the journal (docs/journal-format.md §4.2).
  if (IsAppealStepKind(k) || k == "appeal.attachment_added" || k == "evidence.alert") return CheckOwnRecord(d, e);
  if (k == "audit.viewed") {
    if (e.record != "appeal") return Refuse("kind", "audit.viewed of a " + e.record + " is not made on a laptop");
    return CheckOwnRecord(d, e);
  }
  if (k == "crime.registered") {
    // Field nodes register crime reports only by referral of an appeal.
    if (e.source != "appeal") return Refuse("kind", "a laptop registers crime reports only by referral of an appeal");
    if (auto r = CheckNumbered(d, e, DeviceCrimeSeries(d.series))) return r;
    return CheckOwnRecord(d, e);
  }
  if (IsTripKind(k)) {
    if (e.unit != d.unit) return Refuse("unit", k + " of unit " + e.unit + ", not of " + d.unit);
    return std::nullopt;
  }
  if (k == "node.key_registered") {
    if (e.subject != "sabt/" + d.origin || e.verifier_key != d.verifier_key)
      return Refuse("key", "a device may register only its own enrolled key");
    return std::nullopt;
  }
  // The device's own record of what it pulled and purged: evidence only on
  // the parent (never projected there).
  if (k == "sync.pulled" || k == "sync.purged") {
    if (e.subject != d.origin) return Refuse("kind", k + " about another node");
    return std::nullopt;
  }
  return Refuse("kind", "a device may not push " + k + " entries");
}

namespace {

bool IsAuthKind(std::string_view kind) {
  return kind == "auth.account_locked" || kind == "auth.account_unlocked" || kind == "auth.totp_enrolled" ||
         kind == "auth.totp_reset";
}

bool IsMobileIn(const DepartmentTree& tree, const std::string& district, const std::string& code) {
  const Department* dep = tree.Find(code);
  return dep && dep->kind == DepartmentKind::kMobile && tree.InScope(district, code);
}

// The record the entry concerns must exist and lie in the district's subtree.
std::optional<DeviceRefusal> CheckSubtreeRecord(const DeviceIdentity& d, const DeviceEntryFacts& e,
                                                const DepartmentTree& tree) {
  if (!e.record_department) return Refuse("unit", e.kind + " concerns an appeal the parent does not know");
  if (!tree.InScope(d.unit, *e.record_department))
    return Refuse("unit", e.kind + " concerns an appeal of " + *e.record_department + ", outside " + d.unit);
  return std::nullopt;
}

}  // namespace

std::optional<DeviceRefusal> CheckDistrictEntry(const DeviceIdentity& d, const DeviceEntryFacts& e,
                                                const DepartmentTree& tree) {
  const std::string& k = e.kind;
  if (k == "appeal.registered") return CheckNumbered(d, e, d.series);
  if (IsAppealStepKind(k) || k == "appeal.attachment_added" || k == "evidence.alert")
    return CheckSubtreeRecord(d, e, tree);
  if (k == "audit.viewed") {
    // A read by the district's officer: of a record of its subtree, or of a
    // person or a journal entry (which belong to no department).
    if (e.record == "person" || e.record == "journal_entry") return std::nullopt;
    if (e.record != "appeal" && e.record != "crime_report" && e.record != "criminal_case")
      return Refuse("kind", "audit.viewed of a " + e.record + " is not forwarded by a district");
    return CheckSubtreeRecord(d, e, tree);
  }
  if (k == "crime.registered") {
    // Its desk's reports and its referrals, in its own crime series.
    if (auto r = CheckNumbered(d, e, DeviceCrimeSeries(d.series))) return r;
    if (e.source == "appeal") return CheckSubtreeRecord(d, e, tree);
    return std::nullopt;
  }
  // A report transferred in from another department is registered anew by
  // the receiver: not forwarded by a district in v1.
  if (k == "crime.transfer_accepted") return Refuse("kind", "a district does not forward accepted transfers (v1)");
  if (k.rfind("crime.", 0) == 0 || k.rfind("case.", 0) == 0) return CheckSubtreeRecord(d, e, tree);
  if (IsAuthKind(k)) {
    if (!e.user_department || !tree.InScope(d.unit, *e.user_department))
      return Refuse("unit", k + " about a user outside " + d.unit);
    return std::nullopt;
  }
  if (k == "node.key_registered") {
    if (e.subject != "sabt/" + d.origin || e.verifier_key != d.verifier_key)
      return Refuse("key", "a district may register only its own enrolled key");
    return std::nullopt;
  }
  if (k == "sync.pulled") {
    if (e.subject != d.origin) return Refuse("kind", k + " about another node");
    return std::nullopt;
  }
  if (k == "sync.enrolment_created" || k == "sync.device_enrolled") {
    if (!e.role.empty()) return Refuse("kind", "a district enrols laptops only, not " + e.role + " nodes");
    if (!IsMobileIn(tree, d.unit, e.department))
      return Refuse("unit", k + " for " + e.department + ", not a mobile unit of " + d.unit);
    if (k == "sync.device_enrolled") {
      if (e.target_origin.empty() || e.target_known)
        return Refuse("unit", "sync.device_enrolled of origin '" + e.target_origin + "', already known to the parent");
      if (e.verifier_key.rfind("sabt/" + e.target_origin + "+", 0) != 0)
        return Refuse("key", "an enrolled laptop's key must be named sabt/" + e.target_origin);
    }
    return std::nullopt;
  }
  if (k == "sync.device_revoked" || k == "sync.batch_accepted" || k == "sync.fork_detected" || k == "sync.alert") {
    if (!e.target_via || *e.target_via != d.origin)
      return Refuse("unit", k + " about device '" + e.target_origin + "', which " + d.origin + " did not enrol");
    return std::nullopt;
  }
  return Refuse("kind", "a district may not forward " + k + " entries");
}

std::string DeviceCrimeSeries(std::string_view device_series) { return CrimeReportSeries(device_series); }

}  // namespace sabt::domain
