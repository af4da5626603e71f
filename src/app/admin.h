// Administration use cases used by the CLI (`sabt user add`, `sabt demo`) and
// the admin pages: departments, users, reference lists. Each change is one
// journal entry.
#pragma once
#include <string>
#include <vector>

#include "app/app.h"
#include "domain/department.h"
#include "store/rows.h"

namespace sabt::app {

constexpr const char* kSystemActor = "system";

Status UpsertDepartment(App& app, const domain::Department& d, const std::string& actor = kSystemActor);

struct NewUser {
  std::string username, password, role, department, display_name;
};
// Returns the new user's id. Checks: username syntax and uniqueness, known
// role, existing department, password policy.
Result<std::string> AddUser(App& app, const NewUser& u, const std::string& actor = kSystemActor);

// Replaces a reference list ("channels", "appeal_categories") from CSV text
// with columns code,name_tg,name_ru,name_en[,extra columns…]. Extra columns
// go into each item's "extra" object. Nothing is loaded if any row is bad.
Status LoadReferenceCsv(App& app, const std::string& list, std::string_view csv,
                        const std::string& actor = kSystemActor);

// Loads departments from CSV (code,parent_code,kind,name_tg,name_ru,name_en),
// parents first. All rows are checked before anything is written.
Status LoadDepartmentsCsv(App& app, std::string_view csv, const std::string& actor = kSystemActor);

}  // namespace sabt::app
