#include "domain/reference_csv.h"

#include <set>

#include "util/clock.h"
#include "util/csv.h"
#include "util/text.h"

namespace sabt::domain {

const std::vector<std::string>& ReferenceLists() {
  static const std::vector<std::string> lists = {
      "appeal_categories", "channels",        "holidays", "return_grounds",      "crime_keywords",
      "settings",          "crime_deadlines", "refusal_grounds", "jamoats", "department_contacts",
      "submission_reject_grounds"};
  return lists;
}

bool IsReferenceList(std::string_view list) {
  for (const auto& l : ReferenceLists())
    if (l == list) return true;
  return false;
}

std::variant<std::vector<ReferenceRow>, std::vector<LineProblem>> ParseReferenceCsv(std::string_view list,
                                                                                     std::string_view text) {
  auto rows = ParseCsv(text);
  if (!rows.ok()) return std::vector<LineProblem>{{0, rows.status().message(), {{"file", "not_csv", ""}}}};
  if (rows->empty()) return std::vector<LineProblem>{{1, "empty file", {{"file", "empty", ""}}}};
  const auto& header = (*rows)[0];
  if (header.size() < 4 || header[0] != "code" || header[1] != "name_tg" || header[2] != "name_ru" ||
      header[3] != "name_en")
    return std::vector<LineProblem>{
        {1, "header must start with code,name_tg,name_ru,name_en", {{"header", "reference_header", ""}}}};
  std::vector<ReferenceRow> out;
  std::vector<LineProblem> problems;
  std::set<std::string> seen;
  for (size_t i = 1; i < rows->size(); ++i) {
    const auto& r = (*rows)[i];
    int line = static_cast<int>(i + 1);
    if (r.size() == 1 && r[0].empty()) continue;
    if (r.size() != header.size()) {
      problems.push_back({line, "expected " + std::to_string(header.size()) + " columns",
                          {{"columns", "column_count", std::to_string(header.size())}}});
      continue;
    }
    LineProblem p{line, "", {}};
    for (size_t c = 0; c < 4; ++c)
      if (r[c].empty()) p.issues.push_back({header[c], "required", ""});
    if (!p.issues.empty()) p.message = "code and all three names are required";
    if (!r[0].empty() && !seen.insert(r[0]).second) {
      p.message = "duplicate code '" + r[0] + "'";
      p.issues.push_back({"code", "duplicate", r[0]});
    } else if (list == "holidays" && !r[0].empty() && !ParseDate(r[0]).ok()) {
      p.message = "code must be a date YYYY-MM-DD";
      p.issues.push_back({"code", "bad_date", r[0]});
    }
    if (!p.issues.empty()) {
      problems.push_back(std::move(p));
      continue;
    }
    ReferenceRow row{r[0], NormalizeNfc(r[1]), NormalizeNfc(r[2]), NormalizeNfc(r[3]), nlohmann::json::object()};
    for (size_t c = 4; c < header.size(); ++c) {
      const std::string& v = r[c];
      bool numeric = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos && v.size() < 10;
      if (numeric) row.extra[header[c]] = std::stoll(v);
      else if (v == "yes" || v == "no") row.extra[header[c]] = (v == "yes");
      else row.extra[header[c]] = NormalizeNfc(v);
    }
    out.push_back(std::move(row));
  }
  if (!problems.empty()) return problems;
  return out;
}

std::string ProblemsText(const std::vector<LineProblem>& problems) {
  std::string out;
  for (const auto& p : problems)
    out += (out.empty() ? "" : "; ") + std::string("line ") + std::to_string(p.line) + ": " + p.message;
  return out;
}

}  // namespace sabt::domain
