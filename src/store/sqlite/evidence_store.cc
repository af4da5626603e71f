#include "store/sqlite/evidence_store.h"

namespace sabt::store::sqlite {

Status DeleteAppealAttachmentQ(Conn& c, int64_t entry_idx) {
  return Guard("erase attachment row", [&] {
    auto& q = c.Prep("DELETE FROM appeal_attachments WHERE entry_idx = ?");
    q.bind(1, entry_idx);
    q.exec();
    return Status::Ok();
  });
}

Status EraseAttachmentBlobQ(Conn& c, std::string_view sha256, int64_t erased_by) {
  return Guard("erase attachment bytes", [&]() -> Status {
    auto& check = c.Prep(
        "SELECT 1 FROM journal e JOIN journal t "
        "ON t.idx = json_extract(CAST(e.entry AS TEXT), '$.data.target') "
        "WHERE e.idx = ?1 AND e.kind = 'payload.erased' AND e.idx > t.idx "
        "AND t.kind = 'appeal.attachment_added' "
        "AND json_extract(CAST(e.entry AS TEXT), '$.data.target_kind') = t.kind "
        "AND json_extract(CAST(e.entry AS TEXT), '$.data.sha256') = ?2 "
        "AND json_extract(CAST(t.entry AS TEXT), '$.data.sha256') = ?2");
    check.bind(1, erased_by);
    check.bind(2, std::string(sha256));
    bool named = check.executeStep();
    check.reset();
    if (!named)
      return Status::Invalid("entry " + std::to_string(erased_by) + " does not erase an attachment with these bytes");
    auto& del = c.Prep(
        "DELETE FROM attachments WHERE sha256 = ?1 "
        "AND NOT EXISTS (SELECT 1 FROM appeal_attachments WHERE sha256 = ?1)");
    del.bind(1, std::string(sha256));
    del.exec();
    return Status::Ok();
  });
}

}  // namespace sabt::store::sqlite
