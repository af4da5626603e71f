#include "app/log_entries.h"

#include "domain/role.h"
#include "util/sha256.h"
#include "util/text.h"

namespace sabt::app {

nlohmann::json PublicEntryJson(const store::EntryRow& e) {
  nlohmann::json out = {{"index", e.idx}, {"origin", e.origin},  {"seq", e.seq},
                        {"kind", e.kind}, {"leaf_hash", HashHex(e.leaf_hash)}};
  // Time and commitment are read from the entry itself (the columns index it).
  auto j = nlohmann::json::parse(e.entry, nullptr, false);
  if (j.is_object()) {
    if (j.contains("at") && j["at"].is_string()) out["at"] = j["at"];
    if (j.contains("payload") && j["payload"].is_string()) out["payload"] = j["payload"];
  }
  return out;
}

Result<nlohmann::json> AuditorEntryJson(App& app, const Principal& who, int64_t index, const std::string& reason) {
  if (!domain::Allows(who.role, domain::Action::kReadEntryHeaders)) return Status::Denied("auditors only");
  std::string why = CleanField(reason);
  if (why.size() < 5) return Status::Invalid("reason_required");
  std::optional<store::EntryRow> row;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto e = (*tx)->Entry(index);
    if (!e.ok()) return e.status();
    if (!e->has_value()) return Status::NotFound("no such entry");
    row = std::move(*e);
  }
  std::string actor = who.user.id;
  // No audit entry, no header.
  auto r = app.writer().Run([actor, index, why](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "audit.viewed";
    e.subject = std::to_string(index);
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"record", "journal_entry"}, {"index", index}};
    e.payload = nlohmann::json{{"reason", why}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  if (!r.ok()) return r.status();
  nlohmann::json out = PublicEntryJson(*row);
  out["entry"] = row->entry;
  return out;
}

}  // namespace sabt::app
