#include "store/postgres/pg_evidence.h"

namespace sabt::store::postgres {

void PrepareEvidence(pqxx::connection& c) {
  c.prepare("ev_delete_appeal_attachment", "DELETE FROM appeal_attachments WHERE entry_idx = $1");
  c.prepare("ev_erase_attachment", "SELECT sabt_erase_attachment($1::text, $2::bigint)");
}

void PgDeleteAppealAttachment(pqxx::transaction_base& tx, int64_t entry_idx) {
  tx.exec_prepared0("ev_delete_appeal_attachment", entry_idx);
}

void PgEraseAttachmentBlob(pqxx::transaction_base& tx, std::string_view sha256, int64_t erased_by) {
  tx.exec_prepared("ev_erase_attachment", std::string(sha256), erased_by);
}

}  // namespace sabt::store::postgres
