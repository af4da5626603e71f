#include "app/attachments.h"

#include <memory>

#include <spdlog/spdlog.h>

#include "app/appeals.h"
#include "domain/file_type.h"
#include "domain/role.h"
#include "util/hex.h"
#include "util/sha256.h"

namespace sabt::app {

Result<nlohmann::json> AddAttachment(App& app, const Principal& who, const std::string& appeal_id,
                                     const std::string& file_name, std::string bytes) {
  if (!domain::Allows(who.role, domain::Action::kReadAppeal) || domain::IsOversight(who.role))
    return Status::Denied("this role may not add files");
  if (bytes.empty()) return Status::Invalid("attachment_empty");
  if (bytes.size() > domain::kMaxAttachmentBytes) return Status::Invalid("attachment_too_large");
  std::string mime = domain::SniffAttachmentType(bytes);
  if (mime.empty()) return Status::Invalid("attachment_type");
  auto blob = std::make_shared<store::AttachmentBlob>();
  blob->sha256 = HashHex(Sha256(bytes));
  blob->mime = mime;
  blob->size = static_cast<int64_t>(bytes.size());
  blob->data = std::move(bytes);
  std::string name = domain::SafeFileName(file_name, mime);
  Principal actor = who;
  auto cmd = [&app, actor, appeal_id, blob, name](WriteContext& ctx) -> Result<nlohmann::json> {
    auto row = ctx.tx().Appeal(appeal_id);
    if (!row.ok()) return row.status();
    if (!row->has_value() || !app.catalog().Get()->tree.InScope(actor.user.department, (*row)->department))
      return Status::NotFound("no such appeal");
    SABT_RETURN_IF_ERROR(ctx.tx().PutAttachmentBlob(*blob));
    journal::NewEntry e;
    e.kind = "appeal.attachment_added";
    e.subject = appeal_id;
    e.actor = actor.user.id;
    e.at_ms = ctx.now_ms();
    e.data = {{"number", (*row)->number}, {"sha256", blob->sha256}, {"size", blob->size}, {"mime", blob->mime}};
    e.payload = nlohmann::json{{"name", name}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"sha256", blob->sha256},
                          {"size", blob->size},
                          {"mime", blob->mime},
                          {"name", name},
                          {"entry", {{"index", ap->index}, {"leaf_hash", HashHex(ap->leaf_hash)}}}};
  };
  return app.writer().Run(cmd);
}

Result<std::vector<store::AttachmentRow>> ListAttachments(App& app, const std::string& appeal_id) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  return (*tx)->Attachments(appeal_id);
}

Result<AttachmentFile> GetAttachment(App& app, const Principal& who, const std::string& appeal_id,
                                     const std::string& sha256, const std::string& reason) {
  if (sha256.size() != 64) return Status::NotFound("no such file");
  auto a = GetAppeal(app, who, appeal_id, reason);
  if (!a.ok()) return a.status();
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto list = (*tx)->Attachments(appeal_id);
  if (!list.ok()) return list.status();
  AttachmentFile f;
  bool found = false;
  for (const auto& r : *list)
    if (r.sha256 == sha256) {
      f.meta = r;
      found = true;
      break;
    }
  if (!found) return Status::NotFound("no such file");
  auto blob = (*tx)->AttachmentData(sha256);
  if (!blob.ok()) return blob.status();
  if (!blob->has_value()) return Status::NotFound("no such file");
  f.data = std::move((*blob)->data);
  tx->reset();
  // The bytes are evidence: never serve bytes the journal does not commit to
  // (docs/journal-format.md §4.2).
  std::string actual = HashHex(Sha256(f.data));
  if (actual != f.meta.sha256) {
    SABT_RETURN_IF_ERROR(RaiseAttachmentAlert(app, appeal_id, a->number, f.meta, actual));
    return Status::Corruption("attachment_corrupt");
  }
  return f;
}

Status RaiseAttachmentAlert(App& app, const std::string& appeal_id, const std::string& number,
                            const store::AttachmentRow& meta, const std::string& found_sha256) {
  spdlog::error("EVIDENCE ALERT: appeal {} file of entry {} hashes to {}, the journal says {}", number,
                meta.entry_idx, found_sha256, meta.sha256);
  auto r = app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "evidence.alert";
    e.subject = appeal_id;
    e.actor = "system";
    e.at_ms = ctx.now_ms();
    e.data = {{"reason", "attachment_mismatch"}, {"entry", meta.entry_idx}, {"number", number},
              {"sha256", meta.sha256}, {"found_sha256", found_sha256}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  return r.ok() ? Status::Ok() : r.status();
}

}  // namespace sabt::app
