// SQLite queries of sign-in protection (issue 13 item 7; docs/security.md
// "Sign-in and sessions"): failure counts and locks, TOTP credentials, and the
// session columns for the idle limit. The read and write transactions forward
// to these.
#pragma once
#include "store/sqlite/conn.h"
#include "store/store.h"

namespace sabt::store::sqlite {

Result<std::optional<LoginGuardRow>> LoginGuardQ(Conn& c, std::string_view user_id);
Result<std::vector<LoginGuardRow>> LockedAccountsQ(Conn& c, int64_t now_ms);
Result<std::optional<TotpRow>> TotpQ(Conn& c, std::string_view user_id);
Status PutLoginGuardQ(Conn& c, const LoginGuardRow& g);
Status PutTotpQ(Conn& c, const TotpRow& t);
Status DeleteTotpQ(Conn& c, std::string_view user_id);
Status TouchSessionQ(Conn& c, std::string_view token_hash, int64_t last_seen_ms);
Status DeleteUserSessionsQ(Conn& c, std::string_view user_id);

}  // namespace sabt::store::sqlite
