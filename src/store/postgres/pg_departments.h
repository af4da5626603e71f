// PostgreSQL queries of closing a department (docs/api.md "Closing a
// department"). The read and write transactions forward to these.
#pragma once
#include <pqxx/pqxx>
#include <string_view>

#include "domain/department_close.h"

namespace sabt::store::postgres {

void PrepareDepartmentClose(pqxx::connection& c);
domain::DepartmentLoad PgDepartmentLoad(pqxx::transaction_base& tx, std::string_view code);
// Rows changed (0 when the department is unknown).
int64_t PgCloseDepartment(pqxx::transaction_base& tx, std::string_view code, int64_t closed_at_ms,
                          std::string_view successor, std::string_view reason);

}  // namespace sabt::store::postgres
