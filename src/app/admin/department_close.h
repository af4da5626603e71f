// Closing a department (docs/api.md "Closing a department"): one
// department.closed entry, after the rule of domain/department_close.h is
// checked again inside the write transaction against the store's counts.
#pragma once
#include <string>
#include <vector>

#include "app/app.h"
#include "app/auth.h"
#include "domain/department_close.h"

namespace sabt::app {

struct CloseRequest {
  std::string code;
  std::string reason;     // as typed; trimmed and NFC-normalised here
  std::string successor;  // "" = none
};

// What blocks closing `code` now (empty: it may close). For the
// confirmation page; the close command checks again.
Result<std::vector<domain::CloseBlocker>> DepartmentCloseBlockers(App& app, const std::string& code);

// Closes as `actor` with no scope limit (the CLI: the node's operator).
// kNotFound, kConflict (closed already, or blocked: the message names the
// blockers with their counts), kInvalid (reason, successor).
Status CloseDepartment(App& app, const CloseRequest& r, const std::string& actor);

// An admin closes a department strictly below their own; a department
// outside the subtree (or their own) is kNotFound, like a missing one, and
// the successor must lie in the subtree too (kInvalid).
Status CloseDepartmentByAdmin(App& app, const Principal& who, const CloseRequest& r);

}  // namespace sabt::app
