#include "store/sqlite/programme_store.h"

namespace sabt::store::sqlite {

Result<std::optional<std::string>> ProgrammeRecordQ(Conn& c, std::string_view kind, std::string_view id) {
  return Guard("programme record", [&]() -> Result<std::optional<std::string>> {
    auto& q = c.Prep("SELECT value FROM programme_records WHERE kind = ? AND id = ?");
    q.bind(1, std::string(kind));
    q.bind(2, std::string(id));
    if (!q.executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(q.getColumn(0).getString());
  });
}

Result<std::vector<std::pair<std::string, std::string>>> ProgrammeRecordsQ(Conn& c, std::string_view kind) {
  return Guard("programme records", [&]() -> Result<std::vector<std::pair<std::string, std::string>>> {
    auto& q = c.Prep("SELECT id, value FROM programme_records WHERE kind = ? ORDER BY id");
    q.bind(1, std::string(kind));
    std::vector<std::pair<std::string, std::string>> out;
    while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
    return out;
  });
}

Status PutProgrammeRecordQ(Conn& c, std::string_view kind, std::string_view id, std::string_view value) {
  return Guard("put programme record", [&] {
    auto& q = c.Prep(
        "INSERT INTO programme_records(kind, id, value) VALUES (?,?,?) "
        "ON CONFLICT(kind, id) DO UPDATE SET value = excluded.value");
    q.bind(1, std::string(kind));
    q.bind(2, std::string(id));
    q.bind(3, std::string(value));
    q.exec();
    return Status::Ok();
  });
}

}  // namespace sabt::store::sqlite
