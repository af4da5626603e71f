// Closing a department (docs/api.md "Closing a department"): what blocks it
// and whether a successor is acceptable. Pure: the caller counts the open
// records and users of the department in the store and passes them in.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/department.h"
#include "domain/device_rules.h"
#include "util/status.h"

namespace sabt::domain {

// What still lives in a department, as counted by the store.
struct DepartmentLoad {
  int64_t open_appeals = 0;
  int64_t queued_submissions = 0;
  int64_t open_crime_records = 0;
  int64_t active_users = 0;
};

// One reason the department cannot be closed yet: `what` is a stable key
// (open_appeals, queued_submissions, open_crime_records, active_users,
// open_children) for translation, `count` how many.
struct CloseBlocker {
  std::string what;
  int64_t count = 0;
};

// The blockers of closing `code`, in a fixed order; empty when it may close.
// Open child departments are counted from the tree.
std::vector<CloseBlocker> CloseBlockers(std::string_view code, const DepartmentTree& tree,
                                        const DepartmentLoad& load);

// "2 open appeals, 1 active user" (English, for the CLI and the logs).
std::string DescribeBlockers(const std::vector<CloseBlocker>& blockers);

// Checks the whole closing: the department exists, is not the root and is
// open; the reason is 3-500 characters; a successor (optional) exists, is
// open, and is neither the department nor below it; and nothing blocks it.
// kNotFound for an unknown department, kConflict when it is already closed
// or blocked (the message names the blockers), kInvalid for the rest.
Status CheckDepartmentClose(std::string_view code, std::string_view reason, std::string_view successor,
                            const DepartmentTree& tree, const DepartmentLoad& load);

// True when new records, users, devices and child departments may be made
// for `code`: it exists and is open.
bool TakesNewRecords(const DepartmentTree& tree, std::string_view code);

// From a field device (docs/sync-protocol.md §4a): a registration entry
// (appeal.registered, crime.registered) for a department that was closed
// before the entry's time is refused with reason "closed". Entries the
// device wrote before the closing are accepted. `department` is the entry's
// department as the parent's tree knows it (null when unknown).
std::optional<DeviceRefusal> CheckClosedForDevice(std::string_view kind, int64_t entry_at_ms,
                                                  const Department* department);

}  // namespace sabt::domain
