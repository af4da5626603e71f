// SQLite queries of the reform programme and equipment register
// (docs/programme.md §1): JSON documents by (kind, id).
#pragma once
#include "store/sqlite/conn.h"
#include "store/store.h"

namespace sabt::store::sqlite {

Result<std::optional<std::string>> ProgrammeRecordQ(Conn& c, std::string_view kind, std::string_view id);
Result<std::vector<std::pair<std::string, std::string>>> ProgrammeRecordsQ(Conn& c, std::string_view kind);
Status PutProgrammeRecordQ(Conn& c, std::string_view kind, std::string_view id, std::string_view value);

}  // namespace sabt::store::sqlite
