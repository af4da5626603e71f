#include "store/postgres/pg_public_status.h"

namespace sabt::store::postgres {

void PreparePublicStatus(pqxx::connection& c) {
  c.prepare("public_status_by_number",
            "SELECT number, status, received_at, department, closed_at, verification_code, due_day "
            "FROM appeals WHERE number = $1");
}

std::optional<PublicStatusRow> PgPublicStatusByNumber(pqxx::transaction_base& tx, std::string_view number) {
  auto r = tx.exec_prepared("public_status_by_number", std::string(number));
  if (r.empty()) return std::nullopt;
  PublicStatusRow row;
  row.number = r[0][0].as<std::string>();
  row.status = r[0][1].as<std::string>();
  row.received_at = r[0][2].as<std::string>();
  row.department = r[0][3].as<std::string>();
  row.closed_at = r[0][4].as<std::string>();
  row.verification_code = r[0][5].as<std::string>();
  row.due_day = r[0][6].as<int64_t>();
  return row;
}

}  // namespace sabt::store::postgres
