// SQLite queries of closing a department (docs/api.md "Closing a
// department"). The read and write transactions forward to these.
#pragma once
#include "domain/department_close.h"
#include "store/sqlite/conn.h"

namespace sabt::store::sqlite {

Result<domain::DepartmentLoad> DepartmentLoadQ(Conn& c, std::string_view code);
Status CloseDepartmentQ(Conn& c, std::string_view code, int64_t closed_at_ms, std::string_view successor,
                        std::string_view reason);

}  // namespace sabt::store::sqlite
