// SQLite queries of the crime register (issue #4). The read and write
// transactions forward to these.
#pragma once
#include "store/sqlite/conn.h"
#include "store/store.h"

namespace sabt::store::sqlite {

Result<int64_t> ClassifierVersionQ(Conn& c);
Result<std::vector<ClassifierRow>> ClassifierArticlesQ(Conn& c, int64_t version);
Result<std::optional<CrimeRecordRow>> CrimeRecordQ(Conn& c, std::string_view id);
Result<std::vector<CrimeRecordRow>> CrimeRecordsQ(Conn& c, const CrimeQuery& q);
Status InsertClassifierQ(Conn& c, const std::vector<ClassifierRow>& rows);
Status UpsertCrimeRecordQ(Conn& c, const CrimeRecordRow& r);

}  // namespace sabt::store::sqlite
