// SQLite queries of the fast verify (issue 19, docs/journal-format.md
// §6.1–§6.2). The read and write transactions forward to these.
#pragma once
#include "store/sqlite/conn.h"
#include "store/verify_tx.h"

namespace sabt::store::sqlite {

Result<std::vector<std::optional<Hash>>> MerkleNodeRangeQ(Conn& c, int level, int64_t from, int64_t to);
Result<std::optional<VerifyResultRow>> LatestVerifyResultQ(Conn& c);
Status PutVerifyResultQ(Conn& c, const std::string& note);

}  // namespace sabt::store::sqlite
