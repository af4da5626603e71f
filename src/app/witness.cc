#include "app/witness.h"

#include <spdlog/spdlog.h>

#include "journal/checkpoint.h"
#include "journal/cosignature.h"
#include "journal/merkle.h"
#include "util/base64.h"
#include "util/clock.h"
#include "util/sha256.h"

namespace sabt::app {
namespace {

WitnessReply Reply(int status, std::string body) {
  WitnessReply r;
  r.http_status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace

WitnessReply WitnessAddCheckpoint(App& app, const std::string& body) {
  if (!app.key()) return Reply(503, "this node has no key\n");
  // "old N\n" [proof lines] "\n" note
  size_t blank = body.find("\n\n");
  if (body.rfind("old ", 0) != 0 || blank == std::string::npos) return Reply(400, "malformed request\n");
  std::string head = body.substr(0, blank + 1);
  std::string note = body.substr(blank + 2);
  std::vector<std::string> lines;
  for (size_t p = 0; p < head.size();) {
    size_t e = head.find('\n', p);
    lines.push_back(head.substr(p, e - p));
    p = e + 1;
  }
  int64_t old_size = 0;
  try {
    old_size = std::stoll(lines[0].substr(4));
  } catch (const std::exception&) {
    return Reply(400, "malformed old size\n");
  }
  std::vector<Hash> proof;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto raw = Base64Decode(lines[i]);
    if (!raw.ok() || raw->size() != 32) return Reply(400, "malformed proof line\n");
    Hash h;
    std::copy(raw->begin(), raw->end(), reinterpret_cast<char*>(h.data()));
    proof.push_back(h);
  }
  // Which log is this? Its origin is the note's first line.
  std::string origin = note.substr(0, note.find('\n'));
  std::optional<VerifierKey> vkey;
  for (const auto& spec : app.config().witness_for) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos || spec.substr(0, eq) != origin) continue;
    auto k = ParseVerifierKey(spec.substr(eq + 1));
    if (k.ok()) vkey = *k;
  }
  if (!vkey) return Reply(404, "unknown log\n");
  auto cp = VerifyNote(note, vkey->name, vkey->public_key);
  if (!cp.ok()) return Reply(403, "bad signature\n");
  if (cp->origin != origin) return Reply(403, "origin mismatch\n");

  // Check and update the cosigned state inside one writer command, so two
  // concurrent calls can never both be cosigned for the same size.
  Checkpoint checked = *cp;
  uint64_t ts = static_cast<uint64_t>(app.clock().NowMillis() / 1000);
  std::string cp_body = CheckpointBody(checked);
  auto line = CosignatureLine(cp_body, app.key()->name, app.key()->key, ts);
  if (!line.ok()) return Reply(500, "internal\n");
  std::string at = FormatRfc3339Millis(app.clock().NowMillis());
  auto r = app.writer().Run([=, &app](WriteContext& ctx) -> Result<nlohmann::json> {
    auto state = ctx.tx().WitnessState(origin);
    if (!state.ok()) return state.status();
    int64_t known_size = state->has_value() ? (*state)->size : 0;
    int64_t new_size = static_cast<int64_t>(checked.size);
    auto refuse = [&](int status, std::string msg, const char* alert) -> Result<nlohmann::json> {
      if (alert) {
        spdlog::error("WITNESS ALERT for {}: {} (size {}, root {})", origin, alert, new_size, HashHex(checked.root));
        journal::NewEntry e;
        e.kind = "witness.alert";
        e.subject = origin;
        e.actor = "system";
        e.at_ms = ctx.now_ms();
        e.data = {{"origin", origin}, {"size", new_size}, {"root", HashHex(checked.root)},
                  {"known_size", known_size},
                  {"known_root", state->has_value() ? HashHex((*state)->root) : std::string()},
                  {"reason", alert}};
        auto ap = ctx.Record(std::move(e));
        if (!ap.ok()) return ap.status();
      }
      return nlohmann::json{{"status", status}, {"body", msg}};
    };
    if (state->has_value() && new_size == known_size && checked.root != (*state)->root)
      return refuse(409, "split view: a different root for a size already cosigned\n", "two different roots for one size");
    if (old_size != known_size)
      return nlohmann::json{{"status", 409}, {"body", std::to_string(known_size) + "\n"}, {"size_conflict", true}};
    if (new_size < known_size) return refuse(409, "checkpoint is older than the one cosigned\n", nullptr);
    if (known_size > 0 && new_size > known_size &&
        !VerifyConsistency(static_cast<uint64_t>(known_size), checked.size, (*state)->root, checked.root, proof))
      return refuse(422, "consistency proof does not verify\n", "not consistent with the cosigned checkpoint");
    SABT_RETURN_IF_ERROR(ctx.tx().PutWitnessState({origin, new_size, checked.root, note, at}));
    return nlohmann::json{{"status", 200}, {"body", *line}};
  });
  if (!r.ok()) return Reply(500, "internal\n");
  WitnessReply out = Reply((*r)["status"].get<int>(), (*r)["body"].get<std::string>());
  if (r->contains("size_conflict")) out.content_type = "text/x.tlog.size";
  return out;
}

}  // namespace sabt::app
