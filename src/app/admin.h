// Administration use cases used by the CLI (`sabt user add`, `sabt demo`) and
// the admin pages: departments, users, reference lists. Each change is one
// journal entry.
#pragma once
#include <string>
#include <vector>

#include "app/app.h"
#include "domain/department.h"
#include "domain/reference_csv.h"
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

// Reference lists edited in the browser (issue 14): the same path as
// LoadReferenceCsv after parsing. ReferenceDigest names a list's content as
// stored (codes, names, extra) so a preview can be applied only to the list
// it was made against: a non-empty expected_digest is compared inside the
// writer (kConflict when the list changed).
std::string ReferenceDigest(const std::vector<store::ReferenceItem>& items);
Status ApplyReferenceRows(App& app, const std::string& list, const std::vector<domain::ReferenceRow>& rows,
                          const std::string& actor, const std::string& expected_digest = "");

// Loads departments from CSV (code,parent_code,kind,name_tg,name_ru,name_en),
// parents first. All rows are checked before anything is written.
Status LoadDepartmentsCsv(App& app, std::string_view csv, const std::string& actor = kSystemActor);

}  // namespace sabt::app
