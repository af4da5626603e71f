#include "app/sync_forward.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "app/sync_projector.h"
#include "journal/checkpoint.h"
#include "util/base64.h"
#include "util/clock.h"
#include "util/hex.h"
#include "util/json_str.h"
#include "util/sha256.h"
#include "util/zstd.h"

namespace sabt::app {
namespace {

// The laptops this district enrolled, with its own ack of each.
Result<std::vector<std::pair<std::string, int64_t>>> Children(App& app) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto rows = (*tx)->SyncRecords("device");
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& [origin, value] : *rows) {
    auto j = nlohmann::json::parse(value, nullptr, false);
    if (!j.is_object()) return Status::Corruption("device record " + origin + " is not JSON");
    out.emplace_back(origin, j.value("acked_seq", int64_t{0}));
  }
  return out;
}

struct Forward {
  std::string body;  // compressed batch
  int64_t from_seq = 0, to_seq = 0;
};

// The batch this district accepted from `origin` starting at from_seq, as it
// goes to central; nullopt when there is none yet, or when the district's own
// record of it is not acknowledged by central yet (own_acked).
Result<std::optional<Forward>> BuildForward(App& app, const std::string& origin, int64_t from_seq,
                                            int64_t own_acked) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto rec = AcceptedBatch(**tx, origin, from_seq);
  if (!rec.ok()) return rec.status();
  if (!rec->has_value() || (**rec).value("seq", int64_t{0}) > own_acked) return std::optional<Forward>();
  const nlohmann::json& b = **rec;
  Forward f;
  f.from_seq = from_seq;
  f.to_seq = b.value("to_seq", int64_t{0});
  const std::string note = JsonStr(b, "checkpoint");
  if (f.to_seq < from_seq || note.empty()) return Status::Corruption("accepted batch " + origin + "/" + std::to_string(from_seq) + " is incomplete");
  nlohmann::json entries = nlohmann::json::array();
  for (int64_t s = from_seq; s <= f.to_seq; ++s) {
    auto row = (*tx)->EntryByOriginSeq(origin, s);
    if (!row.ok()) return row.status();
    if (!row->has_value()) return Status::Corruption("entry " + std::to_string(s) + " of " + origin + " is missing");
    nlohmann::json item = {{"entry", (*row)->entry}};
    auto p = (*tx)->Payload((*row)->idx);
    if (!p.ok()) return p.status();
    if (p->has_value()) {
      item["salt"] = Base64Encode((*p)->salt);
      item["payload"] = (*p)->body;
    }
    entries.push_back(std::move(item));
  }
  const std::string self = app.config().origin;
  auto via_note = SignNote("sabt-sync-forward\n" + self + "\n" + origin + "\n" + std::to_string(from_seq) + "\n" +
                               std::to_string(f.to_seq) + "\n" + HashHex(Sha256(note)) + "\n",
                           app.key()->name, app.key()->key);
  if (!via_note.ok()) return via_note.status();
  nlohmann::json batch = {{"v", 1},
                          {"origin", origin},
                          {"from_seq", from_seq},
                          {"sent_at", FormatRfc3339Millis(app.clock().NowMillis())},
                          {"entries", std::move(entries)},
                          {"checkpoint", note},
                          {"via", self},
                          {"via_note", *via_note}};
  f.body = ZstdCompress(batch.dump(), 19);
  return std::optional<Forward>(std::move(f));
}

}  // namespace

Status ForwardChildren(App& app, PushReport* report) {
  if (!app.key()) return Status::Unavailable("this node has no key");
  auto link = ReadLink(app);
  if (!link.ok()) return link.status();
  const std::string base = ParentUrl(app, *link);
  const int64_t own_acked = link->value("acked_seq", int64_t{0});
  nlohmann::json forwarded = link->value("forwarded", nlohmann::json::object());
  auto children = Children(app);
  if (!children.ok()) return children.status();
  auto fail = [&](Status st) {
    (void)UpdateLink(app, {{"last_error", st.message()}});
    return st;
  };
  for (const auto& [origin, accepted] : *children) {
    int64_t done = forwarded.value(origin, int64_t{0});
    int64_t uploaded_for = -1;
    while (done < accepted) {
      auto fw = BuildForward(app, origin, done + 1, own_acked);
      if (!fw.ok()) return fail(fw.status());
      if (!fw->has_value()) break;  // its record goes up first, next round
      const Forward& f = **fw;
      auto resp = LinkPost(base + "/sync/v1/push", f.body, "application/zstd", 30000 + static_cast<int>(f.body.size() / 2));
      if (!resp.ok()) return fail(resp.status());
      report->wire_bytes += static_cast<int64_t>(f.body.size() + resp->body.size());
      auto ans = nlohmann::json::parse(resp->body, nullptr, false);
      if (resp->status == 409 && ans.is_object() && JsonStr(ans, "error") == "gap") {
        int64_t acked = ans.value("acked_seq", int64_t{0});
        if (acked >= done) return fail(Status::Corruption("central reports a gap for " + origin + " but acknowledges more"));
        done = acked;  // central lost entries (restored from backup): resend
        continue;
      }
      if (resp->status == 422 && ans.is_object() && JsonStr(ans, "error") == "attachment_missing") {
        if (uploaded_for == f.from_seq)
          return fail(Status::Unavailable("central still lacks attached files of " + origin + " after they were sent"));
        for (const auto& sha : ans.value("missing", nlohmann::json::array())) {
          auto sent = UploadAttachment(app, base, sha.is_string() ? sha.get<std::string>() : std::string());
          if (!sent.ok()) return fail(sent.status());
          report->wire_bytes += *sent;
        }
        uploaded_for = f.from_seq;
        continue;
      }
      if (resp->status != 200 || !ans.is_object())
        return fail(Status::Unavailable("forwarding " + origin + " " + std::to_string(f.from_seq) + "-" +
                                        std::to_string(f.to_seq) + ": " + ErrorOf(*resp)));
      int64_t acked = ans.value("acked_seq", int64_t{-1});
      if (acked < f.to_seq) return fail(Status::Corruption("central did not acknowledge the forwarded batch of " + origin));
      report->sent += acked - done;
      done = acked;
      forwarded[origin] = done;
      // Recorded only after central's answer: a cut answer means a resend,
      // which central answers as a duplicate.
      SABT_RETURN_IF_ERROR(UpdateLink(app, {{"forwarded", forwarded}}));
    }
  }
  return Status::Ok();
}

Result<int64_t> ForwardPending(App& app) {
  auto link = ReadLink(app);
  if (!link.ok()) return link.status();
  const nlohmann::json forwarded = link->value("forwarded", nlohmann::json::object());
  auto children = Children(app);
  if (!children.ok()) return children.status();
  int64_t pending = 0;
  for (const auto& [origin, accepted] : *children)
    pending += std::max<int64_t>(0, accepted - forwarded.value(origin, int64_t{0}));
  return pending;
}

}  // namespace sabt::app
