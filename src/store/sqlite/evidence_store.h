// SQLite statements for evidence files under erasure (docs/journal-format.md
// §4.2): the projection of an erased attachment and the deletion of its bytes.
#pragma once
#include "store/sqlite/conn.h"
#include "store/store.h"

namespace sabt::store::sqlite {

Status DeleteAppealAttachmentQ(Conn& c, int64_t entry_idx);
// Deletes the bytes of sha256 only when entry erased_by is a payload.erased
// of an appeal.attachment_added entry naming sha256, and no attachment row
// (not erased) still names them.
Status EraseAttachmentBlobQ(Conn& c, std::string_view sha256, int64_t erased_by);

}  // namespace sabt::store::sqlite
