// Shared plumbing of the programme and equipment use cases
// (docs/programme.md): the outcome of a write, the scope checks, and one
// journaled write helper so that every change is an entry projected in the
// same transaction.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"
#include "domain/problem.h"
#include "domain/role.h"

namespace sabt::app::programme {

// Either problems (422), a broken rule (`conflict`: a message key without
// "err_", 409), or the reply after COMMIT.
struct Outcome {
  domain::Problems problems;
  std::string conflict;
  Result<nlohmann::json> reply = Status::Internal("not run");
};

Outcome Denied(const char* why);
Outcome Invalid(domain::Problems p);

// True when `unit` is a known department within the caller's scope.
bool UnitInScope(App& app, const Principal& who, const std::string& unit);

// The string field `k` of an input object ("" when absent or not a string;
// numbers as their JSON text).
std::string In(const nlohmann::json& in, const char* k);

// A user id from a username (or an id); nullopt when unknown or disabled.
std::optional<store::UserRow> FindUser(App& app, const std::string& username_or_id);

// Runs `check` and, when it answers nullopt, records (kind, subject, data)
// as `who` in one writer command. `check` returns a conflict code or
// nullopt; it runs inside the write transaction.
using Check = std::function<Result<std::optional<std::string>>(store::WriteTx&)>;
Outcome WriteEntry(App& app, const Principal& who, std::string kind, std::string subject, nlohmann::json data,
                   Check check);

}  // namespace sabt::app::programme
