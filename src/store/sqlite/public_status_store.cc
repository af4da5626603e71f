#include "store/sqlite/public_status_store.h"

namespace sabt::store::sqlite {

Result<std::optional<PublicStatusRow>> PublicStatusByNumberQ(Conn& c, std::string_view number) {
  return Guard("public status", [&]() -> Result<std::optional<PublicStatusRow>> {
    auto& q = c.Prep(
        "SELECT number, status, received_at, department, closed_at, verification_code, "
        "due_day FROM appeals WHERE number = ?");
    q.bind(1, std::string(number));
    if (!q.executeStep()) return std::optional<PublicStatusRow>();
    PublicStatusRow r;
    r.number = q.getColumn(0).getString();
    r.status = q.getColumn(1).getString();
    r.received_at = q.getColumn(2).getString();
    r.department = q.getColumn(3).getString();
    r.closed_at = q.getColumn(4).getString();
    r.verification_code = q.getColumn(5).getString();
    r.due_day = q.getColumn(6).getInt64();
    return std::optional<PublicStatusRow>(std::move(r));
  });
}

}  // namespace sabt::store::sqlite
