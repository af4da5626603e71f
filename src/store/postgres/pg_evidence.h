// PostgreSQL statements for evidence files under erasure
// (docs/journal-format.md §4.2). The bytes are deleted by the owner's
// SECURITY DEFINER function sabt_erase_attachment() (migration
// 20261203_0014_attachment_erasure.sql): the application role has no DELETE
// on attachments.
#pragma once
#include "store/postgres/pg_conn.h"
#include "store/store.h"

namespace sabt::store::postgres {

void PrepareEvidence(pqxx::connection& c);
void PgDeleteAppealAttachment(pqxx::transaction_base& tx, int64_t entry_idx);
void PgEraseAttachmentBlob(pqxx::transaction_base& tx, std::string_view sha256, int64_t erased_by);

}  // namespace sabt::store::postgres
