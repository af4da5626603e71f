// `sabt verify`, item 7 of docs/journal-format.md §6: every attachment's
// stored bytes are re-hashed against the SHA-256 its journal entry commits to.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/store.h"

namespace sabt::app {

// An appeal.attachment_added entry, in journal order.
struct AttachmentRef {
  int64_t idx = 0;
  std::string sha256, number;
};

// "" when every file matches, else the first mismatch (by entry index).
// payload_gone(idx) tells whether entry idx's payload was erased or purged:
// only then may the file's bytes be absent. *files counts files checked.
Result<std::string> CheckAttachments(store::ReadTx& tx, const std::vector<AttachmentRef>& refs,
                                     const std::function<bool(int64_t)>& payload_gone, int64_t* files);

}  // namespace sabt::app
