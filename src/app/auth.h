// Sign-in, sessions and the authenticated principal. Sessions live on the
// server; the client holds only a random token (cookie or Bearer), and the
// store keeps only its SHA-256. Guessing is throttled and accounts lock
// (app/signin/throttle.h); admin, head, prosecutor and auditor need a TOTP
// code (app/signin/second_factor.h). docs/security.md "Sign-in and sessions".
#pragma once
#include <string>

#include "app/app.h"
#include "domain/role.h"
#include "store/rows.h"

namespace sabt::app {

struct Principal {
  store::UserRow user;
  domain::Role role;
  store::SessionRow session;
};

struct NewSession {
  std::string token;  // give to the client once; never logged
  std::string csrf;
  Principal principal;
};

struct LoginRequest {
  std::string username, password;
  std::string totp;     // a TOTP code or a recovery code; may be empty for roles without one
  std::string address;  // client address (http::ClientAddress) for the per-address throttle
  std::string lang;
  bool enrolment_session = true;  // false (API): a user who must enrol gets kMustEnrol and no session
};

enum class LoginResult {
  kSignedIn,        // session is a full session
  kMustEnrol,       // right password, no second factor yet: session is enrolment-only (stage "enrol")
  kBadCredentials,  // same answer whether the user is unknown, disabled, or password or code is wrong
  kThrottled,       // too soon after earlier failures (account or address); retry_after_s
  kLocked,          // the account is locked; retry_after_s until the lock ends
};

struct LoginOutcome {
  LoginResult result = LoginResult::kBadCredentials;
  int64_t retry_after_s = 0;
  NewSession session;  // for kSignedIn and kMustEnrol
};

// The one sign-in path of the pages and the API. Errors are store failures only.
Result<LoginOutcome> Login(App& app, const LoginRequest& req);
// Counts a failed attempt (address, and the account when known; locks it at
// lockout_failures). Answers kBadCredentials, or kLocked when this failure locked it.
Result<LoginOutcome> RecordSignInFailure(App& app, const std::optional<store::UserRow>& user,
                                         const std::string& address, int64_t now);
// A full session (stage ""), within its idle and absolute limits. Refreshes
// the session's last-seen time at most once a minute.
Result<Principal> Authenticate(App& app, const std::string& token);
// An enrolment-only session (stage "enrol"), for the enrolment page.
Result<Principal> AuthenticateEnrolment(App& app, const std::string& token);
Status Logout(App& app, const std::string& token);
Status SetSessionLanguage(App& app, const Principal& p, const std::string& lang);
std::string TokenHash(const std::string& token);

}  // namespace sabt::app
