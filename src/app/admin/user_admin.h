// Administration in the browser (docs/api.md "Administration pages"): users
// and departments, each act one journal entry with the admin as actor, and
// limited to the admin's own subtree of the department tree. Deny by
// default: only the admin role passes, and only for targets in scope.
#pragma once
#include <string>
#include <vector>

#include "app/admin.h"
#include "app/app.h"
#include "app/auth.h"
#include "store/rows.h"

namespace sabt::app {

// Users whose department lies in the admin's subtree, by department then
// username. Password hashes are cleared.
Result<std::vector<store::UserRow>> UsersInScope(App& app, const Principal& who);

// Creates a user in the admin's subtree (kDenied outside it). Same checks as
// AddUser. Returns the new id.
Result<std::string> CreateUserByAdmin(App& app, const Principal& who, const NewUser& u);

// Disables an account (journal user.disabled) and deletes its sessions.
// An admin cannot disable their own account.
Status DisableUserByAdmin(App& app, const Principal& who, const std::string& user_id);

// Sets a fresh temporary password (journal user.password_set; the hash is in
// the payload) and returns it, to be shown to the admin once and handed over
// on paper. 14 characters from an alphabet without look-alikes. The user's
// sessions are deleted.
Result<std::string> ResetPasswordByAdmin(App& app, const Principal& who, const std::string& user_id);

// Adds or renames a department below the admin's own (never the admin's own
// department or one outside the subtree). Journals department.upserted.
Status UpsertDepartmentByAdmin(App& app, const Principal& who, const domain::Department& d);

}  // namespace sabt::app
