// The concealment guard's oversight list: appeals classified "signs of a
// crime" that were not referred to the crime register in time, and appeals
// classified "no crime" whose text contained a crime keyword. Visible to the
// prosecutor (read-only) and the department head, within their scope; the
// list carries no personal data.
#pragma once
#include "app/app.h"
#include "app/auth.h"
#include "store/rows.h"

namespace sabt::app {

bool MaySeeCrimeWatch(const Principal& who);

struct CrimeWatchList {
  store::WatchPage page;
  int64_t page_no = 1, page_size = 50, pages = 1;
  std::string now;  // the time the 24-hour rule was evaluated at (RFC 3339)
};

Result<CrimeWatchList> ListCrimeWatch(App& app, const Principal& who, int64_t page_no, int64_t page_size = 50);

}  // namespace sabt::app
