// PostgreSQL queries of the filtered appeal lists, the concealment guard, the
// person page and attachments: free functions on the open transaction,
// called by the one-line overrides in pg_read.h and pg_store.cc. Mirrors
// store/sqlite/extra_queries.cc.
#pragma once
#include <pqxx/pqxx>

#include "store/store.h"

namespace sabt::store::postgres::extra {

void Prepare(pqxx::connection& c);

Result<AppealPage> FilteredAppeals(pqxx::transaction_base& tx, const AppealFilter& f, int64_t offset, int64_t limit);
Result<std::vector<GroupCount>> CountByOfficer(pqxx::transaction_base& tx, const AppealFilter& f);
Result<std::vector<GroupCount>> CountByDepartment(pqxx::transaction_base& tx, const AppealFilter& f);
Result<WatchPage> CrimeWatch(pqxx::transaction_base& tx, const std::vector<std::string>& departments,
                             const std::string& now, int64_t offset, int64_t limit);
Result<std::optional<AppealFlagsRow>> AppealFlags(pqxx::transaction_base& tx, std::string_view appeal_id);
Result<std::vector<AppealRow>> AppealsOfPerson(pqxx::transaction_base& tx, std::string_view person_id,
                                               const std::vector<std::string>& departments);
Result<std::vector<AttachmentRow>> Attachments(pqxx::transaction_base& tx, std::string_view appeal_id);
Result<std::optional<AttachmentBlob>> AttachmentData(pqxx::transaction_base& tx, std::string_view sha256);
Result<std::vector<std::string>> AttachmentHashes(pqxx::transaction_base& tx);

Status PutAppealFlags(pqxx::transaction_base& tx, const AppealFlagsRow& f);
Status MarkReferred(pqxx::transaction_base& tx, std::string_view appeal_id, std::string_view at);
Status PutAttachmentBlob(pqxx::transaction_base& tx, const AttachmentBlob& b);
Status InsertAppealAttachment(pqxx::transaction_base& tx, const AttachmentRow& a);
Status ClearExtraProjections(pqxx::transaction_base& tx);

}  // namespace sabt::store::postgres::extra
