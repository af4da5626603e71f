#include "app/oversight.h"

#include <algorithm>

#include "domain/role.h"
#include "util/clock.h"

namespace sabt::app {

bool MaySeeCrimeWatch(const Principal& who) {
  return who.role == domain::Role::kProsecutor || who.role == domain::Role::kHead;
}

Result<CrimeWatchList> ListCrimeWatch(App& app, const Principal& who, int64_t page_no, int64_t page_size) {
  if (!MaySeeCrimeWatch(who)) return Status::Denied("only the prosecutor and the head see this list");
  CrimeWatchList out;
  out.page_size = std::clamp<int64_t>(page_size, 1, 200);
  out.page_no = std::max<int64_t>(1, page_no);
  out.now = FormatRfc3339Millis(app.clock().NowMillis());
  auto depts = app.catalog().Get()->tree.Subtree(who.user.department);
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto page = (*tx)->CrimeWatch(depts, out.now, (out.page_no - 1) * out.page_size, out.page_size);
  if (!page.ok()) return page.status();
  out.page = std::move(*page);
  out.pages = std::max<int64_t>(1, (out.page.total + out.page_size - 1) / out.page_size);
  for (auto& r : out.page.rows) {  // no personal data on the list
    r.appeal.applicant_name.clear();
    r.appeal.summary.clear();
    r.appeal.verification_code.clear();
    r.appeal.answer.clear();
    r.appeal.person_id.clear();
  }
  return out;
}

}  // namespace sabt::app
