// Scans and photos attached to an appeal: checked by content (JPEG, PNG,
// PDF, TIFF, WebP; at most 20 MiB), stored by SHA-256 in the same
// transaction as the `appeal.attachment_added` entry, read back within the
// caller's scope.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"
#include "store/rows.h"

namespace sabt::app {

// Errors: kInvalid with message "attachment_too_large", "attachment_type"
// or "attachment_empty"; kNotFound out of scope; kDenied for roles that may
// not add files (oversight roles, analysts, admins).
// Reply: {sha256, size, mime, name, entry: {index, leaf_hash}}.
Result<nlohmann::json> AddAttachment(App& app, const Principal& who, const std::string& appeal_id,
                                     const std::string& file_name, std::string bytes);

// Files of an appeal the caller already opened (GetAppeal checked scope).
Result<std::vector<store::AttachmentRow>> ListAttachments(App& app, const std::string& appeal_id);

struct AttachmentFile {
  store::AttachmentRow meta;
  std::string data;
};
// Scope as GetAppeal (oversight roles need a reason, journaled); kNotFound
// unless the file belongs to this appeal. Bytes that do not hash to the
// entry's SHA-256 are never returned: an `evidence.alert` entry is written
// and the answer is kCorruption "attachment_corrupt".
Result<AttachmentFile> GetAttachment(App& app, const Principal& who, const std::string& appeal_id,
                                     const std::string& sha256, const std::string& reason);

// Journals `evidence.alert` for a file whose bytes hash to found_sha256.
Status RaiseAttachmentAlert(App& app, const std::string& appeal_id, const std::string& number,
                            const store::AttachmentRow& meta, const std::string& found_sha256);

}  // namespace sabt::app
