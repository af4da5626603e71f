// SQLite queries of the filtered appeal lists, the concealment guard, the
// person page and attachments. Free functions on a connection, called by the
// one-line overrides in read_impl.h and sqlite_store.cc.
#pragma once
#include "store/sqlite/conn.h"
#include "store/store.h"

namespace sabt::store::sqlite::extra {

Result<AppealPage> FilteredAppeals(Conn* c, const AppealFilter& f, int64_t offset, int64_t limit);
Result<std::vector<GroupCount>> CountByOfficer(Conn* c, const AppealFilter& f);
Result<std::vector<GroupCount>> CountByDepartment(Conn* c, const AppealFilter& f);
Result<WatchPage> CrimeWatch(Conn* c, const std::vector<std::string>& departments, const std::string& now,
                             int64_t offset, int64_t limit);
Result<std::optional<AppealFlagsRow>> AppealFlags(Conn* c, std::string_view appeal_id);
Result<std::vector<AppealRow>> AppealsOfPerson(Conn* c, std::string_view person_id,
                                               const std::vector<std::string>& departments);
Result<std::vector<AttachmentRow>> Attachments(Conn* c, std::string_view appeal_id);
Result<std::optional<AttachmentBlob>> AttachmentData(Conn* c, std::string_view sha256);
Result<std::vector<std::string>> AttachmentHashes(Conn* c);

Status PutAppealFlags(Conn* c, const AppealFlagsRow& f);
Status MarkReferred(Conn* c, std::string_view appeal_id, std::string_view at);
Status PutAttachmentBlob(Conn* c, const AttachmentBlob& b);
Status InsertAppealAttachment(Conn* c, const AttachmentRow& a);
Status DeleteAttachmentBlob(Conn* c, std::string_view sha256, int64_t purged_upto_idx);
Status ClearExtraProjections(Conn* c);

}  // namespace sabt::store::sqlite::extra
