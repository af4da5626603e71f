// Sign-in, sessions and the authenticated principal. Sessions live on the
// server; the client holds only a random token (cookie or Bearer), and the
// store keeps only its SHA-256.
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

// Same failure (kUnauthenticated, "bad credentials") whether the user is
// unknown, disabled or the password is wrong, after the same Argon2 work.
Result<NewSession> Login(App& app, const std::string& username, const std::string& password,
                         const std::string& lang);
Result<Principal> Authenticate(App& app, const std::string& token);
Status Logout(App& app, const std::string& token);
Status SetSessionLanguage(App& app, const Principal& p, const std::string& lang);
std::string TokenHash(const std::string& token);

}  // namespace sabt::app
