// SQLite query of the auditor's journal viewer (store/journal_search.h).
#pragma once
#include "store/sqlite/conn.h"
#include "store/store.h"

namespace sabt::store::sqlite {

Result<std::vector<JournalHit>> SearchJournalQ(Conn& c, const JournalFilter& f);

}  // namespace sabt::store::sqlite
