#include "store/sqlite/department_store.h"

namespace sabt::store::sqlite {
namespace {

int64_t Count(Conn& c, const char* sql, std::string_view code) {
  auto& q = c.Prep(sql);
  q.bind(1, std::string(code));
  return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

}  // namespace

Result<domain::DepartmentLoad> DepartmentLoadQ(Conn& c, std::string_view code) {
  return Guard("department load", [&]() -> Result<domain::DepartmentLoad> {
    domain::DepartmentLoad l;
    l.open_appeals = Count(c,
                           "SELECT count(*) FROM appeals WHERE department = ?1 "
                           "AND status NOT IN ('closed', 'referred', 'forwarded', 'returned')",
                           code);
    l.queued_submissions =
        Count(c, "SELECT count(*) FROM submissions WHERE department = ?1 AND status = 'queued'", code);
    l.open_crime_records = Count(c,
                                 "SELECT count(*) FROM crime_records WHERE "
                                 "(department = ?1 AND ((kind = 'report' AND status IN "
                                 "('checking', 'refusal_pending', 'transfer_pending')) OR "
                                 "(kind = 'case' AND status <> 'closed'))) "
                                 "OR (kind = 'report' AND status = 'transfer_pending' AND target = ?1 "
                                 "AND department <> ?1)",
                                 code);
    l.active_users = Count(c, "SELECT count(*) FROM users WHERE department = ?1 AND disabled = 0", code);
    return l;
  });
}

Status CloseDepartmentQ(Conn& c, std::string_view code, int64_t closed_at_ms, std::string_view successor,
                        std::string_view reason) {
  return Guard("close department", [&] {
    auto& q = c.Prep("UPDATE departments SET closed_at = ?, successor = ?, close_reason = ? WHERE code = ?");
    q.bind(1, closed_at_ms);
    q.bind(2, std::string(successor));
    q.bind(3, std::string(reason));
    q.bind(4, std::string(code));
    if (q.exec() != 1) return Status::NotFound("no department '" + std::string(code) + "'");
    return Status::Ok();
  });
}

}  // namespace sabt::store::sqlite
