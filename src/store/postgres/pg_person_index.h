// PostgreSQL statements of the master person index and record search
// (issue 16; docs/persons-and-search.md). The transactions forward here
// inside their Run() guard.
#pragma once
#include "store/postgres/pg_conn.h"
#include "store/person_batch.h"
#include "store/store.h"

namespace sabt::store::postgres {

void PreparePersonIndex(pqxx::connection& c);

std::vector<PersonHit> PgPersonsByKeys(pqxx::transaction_base& tx, const std::vector<std::string>& keys, int64_t limit);
std::optional<std::string> PgPersonMasterOf(pqxx::transaction_base& tx, std::string_view person_id);
std::vector<PersonRow> PgPersonsOfMaster(pqxx::transaction_base& tx, std::string_view master_id);
std::vector<PersonRefRow> PgPersonRefs(pqxx::transaction_base& tx, const std::vector<std::string>& person_ids,
                                       const std::vector<std::string>& departments);
std::vector<PersonHit> PgMastersInScope(pqxx::transaction_base& tx, const std::vector<std::string>& masters,
                                        const std::vector<std::string>& departments);
std::vector<MasterRefRow> PgPersonRefsOfMasters(pqxx::transaction_base& tx, const std::vector<std::string>& masters,
                                                const std::vector<std::string>& departments);
std::optional<PersonMergeRow> PgPersonMergeAt(pqxx::transaction_base& tx, int64_t entry_idx);
std::vector<PersonMergeRow> PgPersonMergesInto(pqxx::transaction_base& tx, std::string_view master_id);
std::vector<RecordHit> PgRecordsByNumber(pqxx::transaction_base& tx, std::string_view number,
                                         const std::vector<std::string>& departments);
std::vector<RecordHit> PgRecordsByText(pqxx::transaction_base& tx, const std::vector<std::string>& words,
                                       const std::vector<std::string>& departments, int64_t limit);

std::vector<PersonRow> PgPersonsByIds(pqxx::transaction_base& tx, const std::vector<std::string>& ids);
// Three statements for all rows: links, old keys deleted, new keys.
void PgIndexPersons(pqxx::transaction_base& tx, const std::vector<PersonKeysRow>& rows);
// One statement for all refs (a ref given twice: the last one).
void PgPutPersonRefs(pqxx::transaction_base& tx, const std::vector<PersonRefRow>& refs);
void PgSetPersonMaster(pqxx::transaction_base& tx, const std::vector<std::string>& person_ids,
                       std::string_view master_id);
void PgPutPersonMerge(pqxx::transaction_base& tx, const PersonMergeRow& m);
void PgPutRecordText(pqxx::transaction_base& tx, const RecordTextRow& r);
void PgClearPersonIndex(pqxx::transaction_base& tx);

}  // namespace sabt::store::postgres
