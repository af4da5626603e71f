// Appeal use cases: register (through the writer), read one, list a page.
// Every function checks role and department scope on the server; an appeal
// outside the caller's scope is reported as not found, so its existence does
// not leak.
#pragma once
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"
#include "domain/appeal.h"
#include "store/rows.h"

namespace sabt::app {

// Outcome of a registration: either problems (nothing written) or the reply
// {id, number, verification_code, received_at, entry: {index, leaf_hash}}.
struct RegisterOutcome {
  domain::Problems problems;
  Result<nlohmann::json> reply = Status::Internal("not run");
};

// Validates and, when valid, submits to the writer. `done` runs exactly once,
// after COMMIT (or on failure), possibly on another thread.
void RegisterAppeal(App& app, const Principal& who, const domain::AppealInput& in,
                    std::function<void(RegisterOutcome)> done);

// Submits an already validated appeal for `series` by `actor` (used by
// RegisterAppeal and by the demo generator).
void SubmitValidAppeal(App& app, const domain::ValidAppeal& v, const std::string& department, const std::string& actor,
                       std::function<void(Result<nlohmann::json>)> done);

// Inside a writer command: allocates the number and records
// `appeal.registered` (extra_data is merged into the entry's data, e.g.
// {"submission": id}). Replies as RegisterAppeal does.
Result<nlohmann::json> RecordAppealRegistration(WriteContext& ctx, const domain::ValidAppeal& v,
                                                const std::string& department, const std::string& actor,
                                                const std::string& appeal_id, const std::string& code,
                                                int64_t due_day, const nlohmann::json& extra_data);

// The concealment-guard fields of `appeal.registered` (crime_signs,
// keyword_flag, refer_due), computed from the lists in force now.
nlohmann::json GuardFields(const CatalogSnapshot& catalog, const domain::ValidAppeal& v);

// kNotFound when missing or out of scope; kDenied when the role may not read
// appeals. Oversight roles must give a reason; the read is journaled.
Result<store::AppealRow> GetAppeal(App& app, const Principal& who, const std::string& id,
                                   const std::string& reason);

struct AppealListPage {
  store::AppealPage page;
  int64_t page_no = 1, page_size = 25, pages = 1;
  bool names_hidden = false;  // oversight roles see lists without names
};
Result<AppealListPage> ListAppeals(App& app, const Principal& who, int64_t page_no, int64_t page_size = 25);

// "ABCD-EFGH": 8 characters from an alphabet without 0/O/1/I/L.
std::string NewVerificationCode();

// The payload of `appeal.registered` (docs/journal-format.md): the applicant,
// the summary and the verification code. Shared by registration and the
// statistics generator (bench/stats_scale.cc), so both write the same bytes.
nlohmann::json AppealRegistrationPayload(const domain::ValidAppeal& v, const std::string& code);

}  // namespace sabt::app
