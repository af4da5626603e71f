// The legal periods as data (docs/api.md "GET /admin/deadlines"): the answer
// period of each appeal category, the crime-check periods and the hour limits
// of the settings list. Saved through the same path as the CSV import, one
// reference.loaded per list that changed. National admin only.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/auth.h"

namespace sabt::app {

struct DeadlineField {
  std::string id;          // form field: "<list>.<code>"
  std::string list, code;  // the reference item
  std::string key;         // its extra key: deadline_days, days, value
  std::string unit;        // "days" or "hours"
  int64_t min = 1, max = 365, value = 0;
  std::string name_tg, name_ru, name_en;
};

Result<std::vector<DeadlineField>> DeadlineFields(App& app, const Principal& who);

struct DeadlineProblem {
  std::string id, code;  // code: "not_number", "out_of_range", "order"
  int64_t min = 0, max = 0;
};
// `values`: field id → text as typed. All fields are checked before anything
// is written; with problems nothing is written. Returns the problems (empty
// when saved) and how many lists changed.
struct DeadlineSave {
  std::vector<DeadlineProblem> problems;
  int lists_changed = 0;
};
Result<DeadlineSave> SaveDeadlines(App& app, const Principal& who, const std::map<std::string, std::string>& values);

}  // namespace sabt::app
