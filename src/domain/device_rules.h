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

namespace sabt::domain {

// The device as enrolled on the parent.
struct DeviceIdentity {
  std::string origin;        // e.g. "dsh-sno-m1-3f2a"
  std::string unit;          // its mobile-unit department, e.g. "DSH-SNO-M1"
  std::string series;        // its appeal series, e.g. "DSH-SNO-M1-3F2A"
  std::string verifier_key;  // C2SP verifier key enrolled for it
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
  // Department of the record RecordConcerned() names, as the parent knows it
  // (its tables, or an appeal registered earlier in the same batch); nullopt
  // when there is no such record.
  std::optional<std::string> record_department;
};

// Why an entry is refused: `code` is `kind`, `unit`, `series` or `key`
// (the `reason` of the 422 answer and of sync.alert); `message` is English.
struct DeviceRefusal {
  std::string code;
  std::string message;
};

// nullopt when the device may push the entry.
std::optional<DeviceRefusal> CheckDeviceEntry(const DeviceIdentity& device, const DeviceEntryFacts& entry);

// The crime-report series of a device: "KUSP-<device series>".
std::string DeviceCrimeSeries(std::string_view device_series);

}  // namespace sabt::domain
