// The action cards of a crime report and a case (docs/interface.md §3): a
// step that fails shows the record's page again with the card's errors tied
// to its inputs and what was typed, after the GOV.UK error pattern.
#pragma once
#include <map>
#include <string>

#include <mstch/mstch.hpp>

#include "app/crime.h"
#include "domain/problem.h"
#include "util/status.h"

namespace sabt::web {

struct CrimeStepFailure {
  std::string step;
  std::map<std::string, std::string> values;  // field → what was typed
  domain::Problems problems;                  // field problems (422)
  Status refusal;                             // a rule refusal or conflict found when writing
};

// The id of a step's input (kept stable: tests and links use them), or
// "card-<step>" for a problem that concerns no input.
std::string CrimeStepFieldId(const std::string& step, const std::string& field);

// A failure from a step's outcome: field problems, and rule refusals the
// writer found that concern one input (an extension beyond the limit, an
// unknown case number, …) turned into field problems.
CrimeStepFailure CrimeFailureOf(const std::string& step, const app::StepFields& typed, const app::CrimeOutcome& o);

// Fills se_<step>_<field>, sv_<step>_<field>, se_<step> (the card's own
// message), se_<step>_any, has_errors and errors (the summary).
void AddCrimeStepFailure(const CrimeStepFailure& f, const std::string& status_words, const std::string& lang,
                         mstch::map& d);

// The value typed into `field` of the failed step, or "".
std::string TypedValue(const CrimeStepFailure* f, const std::string& step, const std::string& field);

}  // namespace sabt::web
