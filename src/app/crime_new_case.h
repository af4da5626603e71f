// Internal to the crime register: the parties of a case opened from a report
// (docs/api.md "A new case names its investigator and its victim"). The
// investigator is the opening investigator, or the one a head chose; the
// report's reporter is linked as victim unless declined. Each is journaled
// as the usual case fact (case.investigator_assigned, case.person_added).
#pragma once
#include <string>
#include <vector>

#include "app/app.h"
#include "app/auth.h"
#include "domain/problem.h"
#include "journal/appender.h"
#include "store/rows.h"

namespace sabt::app {

struct NewCaseParties {
  std::string investigator_id, investigator_department;
  bool link_victim = true;
};

// Reads the `investigator` (username) and `link_victim` fields of an
// open_case step. Field problems go to *problems; kDenied when an
// investigator names someone else (only a head assigns).
Result<NewCaseParties> CaseParties(App& app, const Principal& who, const std::string& investigator,
                                   const std::string& link_victim, domain::Problems* problems);

// Inside the writer, after crime.case_opened: the entries naming the
// investigator and linking the reporter as victim. kInvalid when the
// investigator works neither above nor below the report's department.
Result<std::vector<journal::NewEntry>> NewCaseFacts(const CatalogSnapshot& snap, const Principal& actor,
                                                    const store::CrimeRecordRow& report, const std::string& case_id,
                                                    const std::string& case_number, const NewCaseParties& parties,
                                                    int64_t now_ms);

}  // namespace sabt::app
