#include "app/verify_attachments.h"

#include <map>
#include <optional>

#include "util/hex.h"
#include "util/sha256.h"

namespace sabt::app {

Result<std::string> CheckAttachments(store::ReadTx& tx, const std::vector<AttachmentRef>& refs,
                                     const std::function<bool(int64_t)>& payload_gone, int64_t* files) {
  std::map<std::string, std::optional<std::string>> hashed;  // sha256 → hash of the stored bytes, if any
  for (const auto& r : refs) {
    auto it = hashed.find(r.sha256);
    if (it == hashed.end()) {
      auto blob = tx.AttachmentData(r.sha256);
      if (!blob.ok()) return blob.status();
      std::optional<std::string> h;
      if (blob->has_value()) {
        h = HashHex(Sha256((*blob)->data));
        ++*files;
      }
      it = hashed.emplace(r.sha256, std::move(h)).first;
    }
    const std::string at = "entry " + std::to_string(r.idx) + " (appeal.attachment_added, " + r.number + "): ";
    if (!it->second) {
      if (payload_gone(r.idx)) continue;
      return at + "the file " + r.sha256 + " is missing";
    }
    if (*it->second != r.sha256) return at + "file bytes hash to " + *it->second + ", the entry says " + r.sha256;
  }
  return std::string();
}

}  // namespace sabt::app
