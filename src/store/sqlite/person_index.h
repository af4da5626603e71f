// SQLite queries of the master person index and record search (issue 16;
// docs/persons-and-search.md). The read and write transactions forward here.
#pragma once
#include "store/sqlite/conn.h"
#include "store/person_batch.h"
#include "store/store.h"

namespace sabt::store::sqlite {

Result<std::vector<PersonHit>> PersonsByKeysQ(Conn& c, const std::vector<std::string>& keys, int64_t limit);
Result<std::optional<std::string>> PersonMasterOfQ(Conn& c, std::string_view person_id);
Result<std::vector<PersonRow>> PersonsOfMasterQ(Conn& c, std::string_view master_id);
Result<std::vector<PersonRefRow>> PersonRefsQ(Conn& c, const std::vector<std::string>& person_ids,
                                              const std::vector<std::string>& departments);
Result<std::vector<PersonHit>> MastersInScopeQ(Conn& c, const std::vector<std::string>& masters,
                                               const std::vector<std::string>& departments);
Result<std::vector<MasterRefRow>> PersonRefsOfMastersQ(Conn& c, const std::vector<std::string>& masters,
                                                       const std::vector<std::string>& departments);
Result<std::optional<PersonMergeRow>> PersonMergeAtQ(Conn& c, int64_t entry_idx);
Result<std::vector<PersonMergeRow>> PersonMergesIntoQ(Conn& c, std::string_view master_id);
Result<std::vector<RecordHit>> RecordsByNumberQ(Conn& c, std::string_view number,
                                                const std::vector<std::string>& departments);
Result<std::vector<RecordHit>> RecordsByTextQ(Conn& c, const std::vector<std::string>& words,
                                              const std::vector<std::string>& departments, int64_t limit);

Status IndexPersonQ(Conn& c, std::string_view person_id, const std::vector<std::string>& keys);
Status PutPersonRefQ(Conn& c, const PersonRefRow& r);
Status SetPersonMasterQ(Conn& c, const std::vector<std::string>& person_ids, std::string_view master_id);
Status PutPersonMergeQ(Conn& c, const PersonMergeRow& m);
Status PutRecordTextQ(Conn& c, const RecordTextRow& r);
// For ClearProjections.
void ClearPersonIndexQ(Conn& c);
// After an erasure: merges the FTS5 segments into one, so the terms of deleted
// rows leave the index's pages (docs/persons-and-search.md §7).
void OptimizeRecordTextQ(Conn& c);

}  // namespace sabt::store::sqlite
