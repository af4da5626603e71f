#include "app/erase.h"

#include "app/projector.h"

namespace sabt::app {

Result<int64_t> ErasePayload(App& app, const EraseRequest& req) {
  if (req.reason_code.empty() || req.reason.size() < 5)
    return Status::Invalid("an erasure needs a reason code and a reason of at least 5 characters");
  auto r = app.writer().Run([req](WriteContext& ctx) -> Result<nlohmann::json> {
    auto e = ctx.tx().Entry(req.entry);
    if (!e.ok()) return e.status();
    if (!e->has_value()) return Status::NotFound("no entry " + std::to_string(req.entry));
    if ((*e)->kind != "appeal.registered" && (*e)->kind != "audit.viewed" && (*e)->kind != "appeal.answered" &&
        (*e)->kind != "submission.received" && (*e)->kind != "submission.rejected")
      return Status::Invalid("entry " + std::to_string(req.entry) + " (" + (*e)->kind + ") cannot be erased");
    journal::NewEntry er;
    er.kind = "payload.erased";
    er.subject = (*e)->subject;
    er.actor = req.actor;
    er.at_ms = ctx.now_ms();
    er.data = {{"target", req.entry}, {"target_kind", (*e)->kind}, {"reason_code", req.reason_code}};
    er.payload = nlohmann::json{{"reason", req.reason}};
    auto ap = ctx.Record(std::move(er));
    if (!ap.ok()) return ap.status();
    // After the entry: the store deletes a payload only when its erasure is
    // journaled in the same transaction (on PostgreSQL, in the owner's
    // SECURITY DEFINER function).
    SABT_RETURN_IF_ERROR(ctx.tx().DeletePayload(req.entry, ap->index));
    return nlohmann::json{{"index", ap->index}};
  });
  if (!r.ok()) return r.status();
  SABT_RETURN_IF_ERROR(app.store().PurgeDeleted());
  return (*r)["index"].get<int64_t>();
}

}  // namespace sabt::app
