// The TOTP second factor (RFC 6238) of the roles that must have one, its
// enrolment, recovery codes and re-enrolment by an administrator
// (docs/security.md, "Second factor: TOTP"). Secrets are operational state
// (store::TotpRow), never journaled and never logged.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/auth.h"
#include "domain/role.h"
#include "store/rows.h"

namespace sabt::app::signin {

constexpr int kRecoveryCodeCount = 10;

// admin, head, prosecutor, auditor.
bool RequiresTotp(domain::Role role);

// The credential after spending `code` (a 6-digit TOTP code of a step later
// than the last one used, or an unused recovery code); nullopt when the code
// is wrong, reused or the credential is not confirmed.
std::optional<store::TotpRow> AcceptSecondFactor(const store::TotpRow& t, std::string_view code, int64_t now_ms);

// Recovery codes: "XXXX-XXXX-XXXX-XXXX" (base32, 80 bits). Stored as the hex
// SHA-256 of the code without dashes, upper case.
std::string RecoveryCodeHash(std::string_view code);

// The secret of a demo user: SHA-256(seed, username), first 20 bytes. Demo only.
std::string DemoSecret(uint64_t seed, std::string_view username);
// Stores a confirmed secret for a user (sabt demo).
Status SetConfirmedSecret(App& app, const std::string& user_id, const std::string& secret);

// The enrolment page: the user's pending (unconfirmed) secret, made on first
// call and kept until confirmed. Never for a user who already has a
// confirmed one (kConflict).
Result<std::string> PendingSecret(App& app, const Principal& p);

// Confirms the pending secret with its first code: journals auth.totp_enrolled,
// turns the enrolment-only session into a full one, and returns the recovery
// codes (shown once). A wrong code: kInvalid.
Result<std::vector<std::string>> ConfirmEnrolment(App& app, const Principal& p, const std::string& code);

// An administrator removes a user's secret and recovery codes (journaled
// auth.totp_reset) and ends the user's sessions; the next sign-in enrols
// again. The user must be in the administrator's subtree (else kNotFound).
Status ResetSecondFactor(App& app, const Principal& admin, const std::string& user_id);

}  // namespace sabt::app::signin
