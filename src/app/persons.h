// A person (applicant) and their appeals, limited to the caller's scope: an
// appeal outside it is not listed, and a person with no appeal in scope is
// not found. Oversight roles give a reason, journaled as audit.viewed.
#pragma once
#include <string>
#include <vector>

#include "app/app.h"
#include "app/auth.h"
#include "store/rows.h"

namespace sabt::app {

struct PersonView {
  store::PersonRow person;
  std::vector<store::AppealRow> appeals;
};

// kNotFound, kDenied, or kInvalid("reason_required") as GetAppeal.
Result<PersonView> GetPerson(App& app, const Principal& who, const std::string& id, const std::string& reason);

// Journals an oversight read of personal data (`audit.viewed`) and returns
// only after COMMIT. `record` is "appeal", "person" or "attachment".
Status JournalAuditRead(App& app, const Principal& who, const std::string& subject, const std::string& record,
                        const std::string& reason);

}  // namespace sabt::app
