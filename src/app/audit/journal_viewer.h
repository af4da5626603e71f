// The auditor's viewer of the journal and of the access log (docs/api.md
// "GET /audit/journal"). Entry headers name staff and records, so a page is
// shown only with a reason, and each page shown is journaled first
// (audit.viewed, record journal_search), as for one entry header.
#pragma once
#include <string>
#include <vector>

#include "app/app.h"
#include "app/auth.h"
#include "domain/problem.h"

namespace sabt::app {

struct JournalQuery {
  std::string username;            // "" = anyone
  std::string from_date, to_date;  // "YYYY-MM-DD", Dushanbe days, inclusive; "" = open
  std::string record;              // an appeal number or a record id; "" = any
  bool access_only = false;        // only audit.viewed entries (the access log)
  std::string reason;
  int64_t before = 0;              // paging: entries with index < before (0 = newest)
};

struct JournalViewRow {
  int64_t idx = 0;
  std::string at, kind, actor, actor_name, subject;
  std::string record_kind;  // audit.viewed: what was opened (appeal, journal_entry, …)
  std::string reason;       // audit.viewed: the reason given
  bool erased = false;      // audit.viewed whose payload was erased
};

struct JournalView {
  domain::Problems problems;  // non-empty: nothing was read or journaled
  std::vector<JournalViewRow> rows;
  int64_t next_before = 0;    // > 0: there is an older page
};

constexpr int64_t kJournalPageSize = 50;

// kDenied for roles other than the auditor. Field problems (reason, user,
// dates) come back in JournalView::problems.
Result<JournalView> ViewJournal(App& app, const Principal& who, const JournalQuery& q);

}  // namespace sabt::app
