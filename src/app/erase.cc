#include "app/erase.h"

#include "app/projector.h"
#include "util/json_str.h"

namespace sabt::app {

bool IsErasableKind(const std::string& kind) {
  return kind == "appeal.registered" || kind == "audit.viewed" || kind == "appeal.answered" ||
         kind == "submission.received" || kind == "submission.rejected" || kind == "crime.registered" ||
         kind == "crime.transfer_accepted" || kind == "case.person_added" || kind == "appeal.attachment_added";
}

Result<int64_t> ErasePayload(App& app, const EraseRequest& req) {
  if (req.reason_code.empty() || req.reason.size() < 5)
    return Status::Invalid("an erasure needs a reason code and a reason of at least 5 characters");
  auto r = app.writer().Run([req](WriteContext& ctx) -> Result<nlohmann::json> {
    auto e = ctx.tx().Entry(req.entry);
    if (!e.ok()) return e.status();
    if (!e->has_value()) return Status::NotFound("no entry " + std::to_string(req.entry));
    const std::string& kind = (*e)->kind;
    if (!IsErasableKind(kind))
      return Status::Invalid("entry " + std::to_string(req.entry) + " (" + kind + ") cannot be erased");
    journal::NewEntry er;
    er.kind = "payload.erased";
    er.subject = (*e)->subject;
    er.actor = req.actor;
    er.at_ms = ctx.now_ms();
    er.data = {{"target", req.entry}, {"target_kind", kind}, {"reason_code", req.reason_code}};
    // The crime register's person is named in the target's data; the erasure
    // repeats it so that its projection needs no lookup (docs/journal-format.md).
    if (kind.rfind("crime.", 0) == 0 || kind.rfind("case.", 0) == 0) {
      auto target = nlohmann::json::parse((*e)->entry, nullptr, false);
      std::string person = target.is_object() ? JsonStr(target.value("data", nlohmann::json()), "person_id") : "";
      if (!person.empty()) er.data["person_id"] = person;
    }
    // An attachment: the erasure names the file's bytes (journal-format.md §4.2).
    std::string sha256;
    if (kind == "appeal.attachment_added") {
      auto target = nlohmann::json::parse((*e)->entry, nullptr, false);
      sha256 = target.is_object() ? JsonStr(target.value("data", nlohmann::json()), "sha256") : "";
      if (sha256.empty()) return Status::Corruption("entry " + std::to_string(req.entry) + " names no file");
      er.data["sha256"] = sha256;
    }
    er.payload = nlohmann::json{{"reason", req.reason}};
    auto ap = ctx.Record(std::move(er));
    if (!ap.ok()) return ap.status();
    // After the entry: the store deletes a payload only when its erasure is
    // journaled in the same transaction (on PostgreSQL, in the owner's
    // SECURITY DEFINER function).
    SABT_RETURN_IF_ERROR(ctx.tx().DeletePayload(req.entry, ap->index));
    // The projection has dropped this attachment's row; the bytes go unless
    // another attachment that is not erased names them.
    if (!sha256.empty()) SABT_RETURN_IF_ERROR(ctx.tx().EraseAttachmentBlob(sha256, ap->index));
    return nlohmann::json{{"index", ap->index}};
  });
  if (!r.ok()) return r.status();
  SABT_RETURN_IF_ERROR(app.store().PurgeDeleted());
  return (*r)["index"].get<int64_t>();
}

}  // namespace sabt::app
