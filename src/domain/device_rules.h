// What a device may say (docs/sync-protocol.md §4a): the one allow-list of
// entry kinds a parent accepts from an enrolled field device, and the checks
// that each entry concerns the device's own unit and is numbered in its own
// series. Pure: the caller reads the entry's header and data and resolves the
// record it concerns; nothing here does I/O.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/department.h"

namespace sabt::domain {

// The device as enrolled on the parent.
struct DeviceIdentity {
  std::string origin;        // e.g. "dsh-sno-m1-3f2a"
  std::string unit;          // its mobile-unit department, e.g. "DSH-SNO-M1"
  std::string series;        // its appeal series, e.g. "DSH-SNO-M1-3F2A"
  std::string verifier_key;  // C2SP verifier key enrolled for it
  bool district = false;     // a district node enrolled at central (§13)
};

// Which existing record an entry concerns, for the caller to resolve.
enum class ConcernedRecord {
  kNone,            // the entry is checked on its own data
  kSubjectAppeal,   // the appeal named by the entry's subject
  kReferredAppeal,  // the appeal named by data.appeal_id (a referral)
};
ConcernedRecord RecordConcerned(std::string_view kind);

// The facts of one pushed entry (header and data fields; "" / 0 when absent).
struct DeviceEntryFacts {
  std::string kind, subject;
  std::string department, series, number, source, unit, record, verifier_key;
  int64_t year = 0, n = 0;
  // Department of the record RecordConcerned() names (for a district's
  // crime.* / case.* steps and reads of them: the crime record's), as the parent knows it
  // (its tables, or an appeal registered earlier in the same batch); nullopt
  // when there is no such record.
  std::optional<std::string> record_department;
  // District entries (docs/sync-protocol.md §13), resolved by the caller:
  std::string target_origin;  // data.origin of a sync.* entry
  std::string role;           // data.role of an enrolment ("district" or "")
  // For sync.* entries about a device: the district that enrolled it as the
  // parent knows it ("" = enrolled at the parent itself); nullopt = unknown.
  std::optional<std::string> target_via;
  // sync.device_enrolled: the origin is already used on the parent (a
  // device, entries in its journal, or the parent's own origin).
  bool target_known = false;
  // auth.*: department of the user named by the subject; nullopt = unknown.
  std::optional<std::string> user_department;
};

// Why an entry is refused: `code` is `kind`, `unit`, `series` or `key`
// (the `reason` of the 422 answer and of sync.alert); `message` is English.
struct DeviceRefusal {
  std::string code;
  std::string message;
};

// nullopt when the device may push the entry.
std::optional<DeviceRefusal> CheckDeviceEntry(const DeviceIdentity& device, const DeviceEntryFacts& entry);

// What a district may say (§13): its own registrations and steps on records
// of its subtree, and the sync facts of the laptops it enrolled. `tree` is
// the parent's department tree.
std::optional<DeviceRefusal> CheckDistrictEntry(const DeviceIdentity& district, const DeviceEntryFacts& entry,
                                                const DepartmentTree& tree);

// The crime-report series of a device: "KUSP-<device series>".
std::string DeviceCrimeSeries(std::string_view device_series);

}  // namespace sabt::domain
