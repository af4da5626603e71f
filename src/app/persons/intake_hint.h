// The duplicate hint while an officer types the applicant at intake (issue 16;
// docs/persons-and-search.md §6.1): the appeals of the same person registered
// in the caller's scope in the last 30 days, before the appeal is registered.
#pragma once
#include <string>
#include <vector>

#include "app/app.h"
#include "app/auth.h"
#include "store/person_rows.h"

namespace sabt::app::persons {

struct IntakeApplicant {
  std::string surname, given_name, patronymic, birth_date, id_document;
};

// kDenied (a role that may not register appeals), kInvalid("bad_birth_date").
// Empty when neither a full name with birth date nor an ID document is given.
Result<std::vector<store::PersonRefRow>> IntakeHint(App& app, const Principal& who, const IntakeApplicant& in);

}  // namespace sabt::app::persons
