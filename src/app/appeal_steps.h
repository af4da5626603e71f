// Steps in the life of an appeal (assign, start, answer, send back, close,
// refer, forward, return, extend). The rule is domain/appeal_lifecycle; this
// adds the scope check, the step's own validation, and writes one journal
// entry per step inside the writer (so the state read and the write are one
// transaction: two heads cannot both close the same appeal).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"
#include "domain/appeal_lifecycle.h"
#include "domain/problem.h"

namespace sabt::app {

struct StepInput {
  std::string step;     // "assign", "answer", …
  std::string officer;  // assign: username of the officer
  std::string text;     // answer: the reply; send_back/forward/extend: the reason
  std::string agency;   // forward: the receiving agency
  std::string ground;   // return: a code from the return_grounds list
  std::string days;     // extend: how many days
};

struct StepOutcome {
  domain::Problems problems;  // field problems (nothing written)
  Result<nlohmann::json> reply = Status::Internal("not run");  // {status, entry:{index, leaf_hash}}
};

StepOutcome TakeStep(App& app, const Principal& who, const std::string& appeal_id, const StepInput& in);

// What `who` may do with this appeal now (for buttons).
std::vector<domain::AppealStep> StepsFor(App& app, const Principal& who, const store::AppealRow& a);

// One line of an appeal's history, from the journal.
// `detail` is the compact machine text the JSON API gives (codes, as they
// are journaled); the other fields are the same facts apart, so that pages can
// say them in words (web/history_words.h).
struct HistoryLine {
  int64_t index = 0;
  std::string at, kind, actor_name, detail;
  std::string to;             // the state entered (an appeal state or a crime status code)
  std::string officer_name;   // assigned officer or investigator
  std::string agency;         // forwarded to
  std::string ground;         // a return or refusal ground code
  std::string to_department;  // transferred to
  std::string case_number;    // joined to / opened
  std::string person_role;    // case.person_added
  int64_t days = 0;           // extended by
};
Result<std::vector<HistoryLine>> AppealHistory(App& app, const std::string& appeal_id);

}  // namespace sabt::app
