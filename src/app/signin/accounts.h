// Account safety use cases around sign-in (docs/security.md, "Sign-in and
// sessions"): the administrator's list of locked accounts and unlocking,
// signing out everywhere, and changing one's password.
#pragma once
#include <string>
#include <vector>

#include "app/auth.h"

namespace sabt::app::signin {

// The user, when it exists and its department is in the administrator's
// subtree; kNotFound otherwise (and for a non-admin: kDenied).
Result<store::UserRow> UserInAdminScope(App& app, const Principal& admin, const std::string& user_id);

struct LockedAccount {
  store::UserRow user;
  store::LoginGuardRow guard;
};
// Accounts locked now, in the administrator's subtree.
Result<std::vector<LockedAccount>> LockedAccounts(App& app, const Principal& admin);
// Ends a lock and clears the failure count (journaled auth.account_unlocked).
Status Unlock(App& app, const Principal& admin, const std::string& user_id);
// Users of the administrator's subtree whose role needs a second factor, with
// whether they have one (for the re-enrolment form).
struct SecondFactorState {
  store::UserRow user;
  bool enrolled = false;
};
Result<std::vector<SecondFactorState>> SecondFactorStates(App& app, const Principal& admin);

// Deletes every session of the user, the current one included.
Status SignOutEverywhere(App& app, const Principal& p);

// Checks the current password (a wrong one counts as a failed sign-in:
// kUnauthenticated), the policy (kInvalid), then journals user.password_set
// and ends the user's other sessions.
Status ChangePassword(App& app, const Principal& p, const std::string& current, const std::string& fresh,
                      const std::string& address);

}  // namespace sabt::app::signin
