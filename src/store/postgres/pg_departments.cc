#include "store/postgres/pg_departments.h"

#include <string>

namespace sabt::store::postgres {
namespace {

struct Statement {
  const char* name;
  const char* sql;
};

const Statement kDepartmentStatements[] = {
    {"dept_open_appeals",
     "SELECT count(*) FROM appeals WHERE department = $1::text "
     "AND status NOT IN ('closed', 'referred', 'forwarded', 'returned')"},
    {"dept_queued_submissions", "SELECT count(*) FROM submissions WHERE department = $1::text AND status = 'queued'"},
    {"dept_open_crime_records",
     "SELECT count(*) FROM crime_records WHERE "
     "(department = $1::text AND ((kind = 'report' AND status IN ('checking', 'refusal_pending', "
     "'transfer_pending')) OR (kind = 'case' AND status <> 'closed'))) "
     "OR (kind = 'report' AND status = 'transfer_pending' AND target = $1::text AND department <> $1::text)"},
    {"dept_active_users", "SELECT count(*) FROM users WHERE department = $1::text AND disabled = 0"},
    {"dept_close",
     "UPDATE departments SET closed_at = $2::bigint, successor = $3::text, close_reason = $4::text "
     "WHERE code = $1::text"},
};

int64_t Count(pqxx::transaction_base& tx, const char* name, std::string_view code) {
  auto r = tx.exec_prepared1(name, std::string(code));
  return r[0].is_null() ? 0 : r[0].as<int64_t>();
}

}  // namespace

void PrepareDepartmentClose(pqxx::connection& c) {
  for (const auto& s : kDepartmentStatements) c.prepare(s.name, s.sql);
}

domain::DepartmentLoad PgDepartmentLoad(pqxx::transaction_base& tx, std::string_view code) {
  domain::DepartmentLoad l;
  l.open_appeals = Count(tx, "dept_open_appeals", code);
  l.queued_submissions = Count(tx, "dept_queued_submissions", code);
  l.open_crime_records = Count(tx, "dept_open_crime_records", code);
  l.active_users = Count(tx, "dept_active_users", code);
  return l;
}

int64_t PgCloseDepartment(pqxx::transaction_base& tx, std::string_view code, int64_t closed_at_ms,
                          std::string_view successor, std::string_view reason) {
  auto r = tx.exec_prepared0("dept_close", std::string(code), closed_at_ms, std::string(successor),
                             std::string(reason));
  return r.affected_rows();
}

}  // namespace sabt::store::postgres
