// Reference lists as CSV (docs/operations.md, `sabt reference import`):
// header code,name_tg,name_ru,name_en[,extra columns…]. Every bad line is
// reported (domain/csv_problem.h); the result is either all rows or all
// problems, so nothing is loaded from a file with an error. Pure.
#pragma once
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/csv_problem.h"

namespace sabt::domain {

struct ReferenceRow {
  std::string code, name_tg, name_ru, name_en;
  nlohmann::json extra = nlohmann::json::object();  // the extra columns: number, yes/no → bool, else text
};

// The lists an administrator may load, in the order pages show them.
const std::vector<std::string>& ReferenceLists();
bool IsReferenceList(std::string_view list);

std::variant<std::vector<ReferenceRow>, std::vector<LineProblem>> ParseReferenceCsv(std::string_view list,
                                                                                     std::string_view text);

// "line 3: …; line 5: …" for the CLI and logs.
std::string ProblemsText(const std::vector<LineProblem>& problems);

}  // namespace sabt::domain
