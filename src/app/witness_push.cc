#include "app/witness_push.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "app/app.h"
#include "app/log.h"
#include "http/client.h"
#include "journal/checkpoint.h"
#include "journal/cosignature.h"
#include "journal/merkle.h"
#include "util/base64.h"
#include "util/clock.h"
#include "util/sha256.h"
#include "util/text.h"

namespace sabt::app {
namespace {

constexpr int64_t kFirstPauseMs = 1000;
constexpr int64_t kMaxPauseMs = 60000;
const std::string kDash = "\xE2\x80\x94 ";  // U+2014 and a space

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  size_t b = s.find_first_not_of(" \n\r");
  return b == std::string::npos ? std::string() : s.substr(b);
}

std::string StateKey(const std::string& url) { return "witness.cosigned " + url; }

// The note with only the log's own signature lines: a cosignature stored
// earlier (before the node's state was lost) is not sent back.
std::string LogSignedNote(const std::string& note, const std::string& log_name) {
  size_t sep = note.find("\n\n");
  if (sep == std::string::npos) return note;
  std::string out = note.substr(0, sep + 2);
  const std::string mine = kDash + log_name + " ";
  for (size_t p = sep + 2; p < note.size();) {
    size_t e = note.find('\n', p);
    if (e == std::string::npos) e = note.size() - 1;
    std::string line = note.substr(p, e - p + 1);
    if (line.rfind(mine, 0) == 0) out += line;
    p = e + 1;
  }
  return out;
}

Result<http::ClientResponse> Ask(App& app, const std::string& note, int64_t size, int64_t old_size) {
  std::string body = "old " + std::to_string(old_size) + "\n";
  if (old_size > 0 && old_size < size) {
    auto proof = ConsistencyProofAt(app, old_size, size);
    if (!proof.ok()) return proof.status();
    for (const auto& h : *proof) body += Base64Encode(HashBytes(h)) + "\n";
  }
  body += "\n" + note;
  http::ClientRequest req;
  req.method = "POST";
  req.url = app.config().witness_url + "/witness/add-checkpoint";
  req.body = body;
  req.timeout = std::chrono::milliseconds(5000);
  return http::Fetch(req);
}

}  // namespace

Status WitnessPusher::Load(App& app) {
  if (loaded_) return Status::Ok();
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto v = (*tx)->LocalState(StateKey(url_));
  if (!v.ok()) return v.status();
  int64_t size = 0;
  if (v->has_value()) {
    auto j = nlohmann::json::parse(**v, nullptr, false);
    if (j.is_object() && j.contains("size") && j["size"].is_number_integer()) size = j["size"].get<int64_t>();
  }
  std::lock_guard<std::mutex> lock(mu_);
  cosigned_size_ = size;
  loaded_ = true;
  return Status::Ok();
}

Status WitnessPusher::Push(App& app) {
  SABT_RETURN_IF_ERROR(Load(app));
  std::optional<store::CheckpointRow> latest;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto c = (*tx)->LatestCheckpoint();
    if (!c.ok()) return c.status();
    latest = std::move(*c);
  }
  if (!latest || latest->size <= cosigned_size_) {
    std::lock_guard<std::mutex> lock(mu_);
    pending_size_ = 0;
    return Status::Ok();
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_size_ = latest->size;
  }
  // A new checkpoint is tried at once; the same one again only after the pause.
  if (latest->size == last_tried_size_ && app.clock().NowMillis() < next_try_ms_) return Status::Ok();
  last_tried_size_ = latest->size;
  std::string note = LogSignedNote(latest->note, app.config().LogOrigin());
  int64_t old_size = cosigned_size_;
  for (int round = 0; round < 2; ++round) {
    auto resp = Ask(app, note, latest->size, old_size);
    if (!resp.ok()) {
      Failed(app, resp.status().ToString());
      return Status::Ok();
    }
    if (resp->status == 200) return Cosigned(app, note, resp->body, latest->size, HashHex(latest->root));
    auto type = resp->headers.find("content-type");
    bool size_answer = resp->status == 409 && type != resp->headers.end() &&
                       type->second.rfind("text/x.tlog.size", 0) == 0;
    int64_t theirs = 0;
    if (round == 0 && size_answer && ParseInt64(Trim(resp->body), &theirs) && theirs >= 0) {
      if (theirs > latest->size) {
        Failed(app, "the witness has cosigned size " + std::to_string(theirs) + ", larger than this log's checkpoint " +
                        std::to_string(latest->size) + ": entries the witness saw are missing here");
        return Status::Ok();
      }
      spdlog::info("witness {} reports cosigned size {} (this node had {}); resuming from it", url_, theirs, old_size);
      old_size = theirs;
      continue;
    }
    Failed(app, "witness answered " + std::to_string(resp->status) + ": " + Trim(resp->body.substr(0, 200)));
    return Status::Ok();
  }
  return Status::Ok();
}

Status WitnessPusher::Cosigned(App& app, const std::string& note, const std::string& cosignature, int64_t size,
                               const std::string& root_hex) {
  if (!app.config().witness_key.empty()) {
    // A witness known by its key out of band (--witness-key): keep only a
    // cosignature that verifies under it. Only the witness's answer is
    // checked: the note's own time line is by this node's key, which must not
    // stand in for the witness's (docs/verification.md §5).
    auto wk = ParseVerifierKey(app.config().witness_key);
    std::string only_answer = note.substr(0, note.find("\n\n") + 2) + cosignature;
    if (!wk.ok() || !VerifyCosignature(only_answer, wk->name, wk->public_key).ok()) {
      Failed(app, "the witness's cosignature does not verify with --witness-key; dropped");
      return Status::Ok();
    }
  }
  std::string at = FormatRfc3339Millis(app.clock().NowMillis());
  std::string state = nlohmann::json{{"size", size}, {"root", root_hex}, {"at", at}}.dump();
  std::string key = StateKey(url_);
  std::string cosigned = note + cosignature;
  auto r = app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    auto row = ctx.tx().CheckpointAt(size);
    if (!row.ok()) return row.status();
    if (!row->has_value()) return Status::NotFound("checkpoint " + std::to_string(size) + " vanished");
    store::CheckpointRow c = **row;
    c.note = cosigned;
    SABT_RETURN_IF_ERROR(ctx.tx().PutCheckpoint(c));
    SABT_RETURN_IF_ERROR(ctx.tx().PutLocalState(key, state));
    return nlohmann::json::object();
  });
  if (!r.ok()) return r.status();
  std::lock_guard<std::mutex> lock(mu_);
  cosigned_size_ = size;
  pending_size_ = 0;
  if (!last_error_.empty()) spdlog::info("witness {} cosigned size {} again", url_, size);
  last_error_.clear();
  pause_ms_ = 0;
  next_try_ms_ = 0;
  return Status::Ok();
}

void WitnessPusher::Failed(App& app, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  if (message != last_error_)
    spdlog::warn("witness {} did not cosign size {}: {} (retrying)", url_, pending_size_, message);
  last_error_ = message;
  pause_ms_ = pause_ms_ == 0 ? kFirstPauseMs : std::min(pause_ms_ * 2, kMaxPauseMs);
  next_try_ms_ = app.clock().NowMillis() + pause_ms_;
}

nlohmann::json WitnessPusher::StatusJson() {
  std::lock_guard<std::mutex> lock(mu_);
  return {{"url", url_},
          {"cosigned_size", cosigned_size_},
          {"pending_size", pending_size_},
          {"last_error", last_error_}};
}

}  // namespace sabt::app
