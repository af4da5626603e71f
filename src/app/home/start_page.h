// Start pages: where each role lands after signing in, and the public start
// page for citizens (docs/api.md "Start pages"). This folder owns only what
// the start pages show; every figure comes from the same scoped, role-checked
// queries as the lists the cards link to, so a card never shows more than
// its list would.
#pragma once
#include <string>
#include <vector>

#include "app/app.h"
#include "app/auth.h"
#include "store/rows.h"

namespace sabt::app {

// A task on a start page: what to do next, how many are waiting, where.
struct StartCard {
  std::string id;         // stable, for tests and CSS: "register", "overdue", …
  std::string link;       // a local path
  int64_t count = -1;     // -1: no count (a plain action)
  bool alert = false;     // needs attention now (overdue, conflicts, …)
};

// A small count table, e.g. open appeals per officer.
struct StartTable {
  std::string id;  // "workload" | "by_department"
  std::vector<store::GroupCount> rows;
};

// Reform programme (issue 17): an overdue activity the user owns or an
// overdue decision assigned to the user.
struct ProgrammeDue {
  std::string kind;  // "activity" | "decision"
  std::string id, title, due, link;
  int64_t days_late = 0;
};

struct StartPage {
  std::vector<StartCard> cards;
  std::vector<StartTable> tables;
  std::vector<store::AppealRow> my_open;  // desk and mobile officers: their open appeals, nearest deadline first
  std::vector<ProgrammeDue> programme_due;  // any role: overdue programme items of the user
};

// Deny by default: a role without a start page gets kDenied.
Result<StartPage> BuildStartPage(App& app, const Principal& who);

// The public start page: the appeal categories with their answer periods
// (from the reference list, so an administrator's change shows at once), and
// the districts that take online appeals with their contacts.
struct PublicDistrict {
  std::string code, name, address, phone;
};
struct PublicCategory {
  std::string name;
  int64_t days = 0;
  bool working_days = false;
};
struct PublicStart {
  std::vector<PublicCategory> categories;
  std::vector<PublicDistrict> districts;
};
Result<PublicStart> BuildPublicStart(App& app, const std::string& lang);

}  // namespace sabt::app
