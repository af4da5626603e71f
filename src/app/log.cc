#include "app/log.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "http/client.h"
#include "journal/checkpoint.h"
#include "journal/cosignature.h"
#include "journal/receipt_proof.h"
#include "util/base64.h"
#include "util/clock.h"

namespace sabt::app {
namespace {

NodeFetcher StoreFetcher(store::ReadTx& tx) {
  return [&tx](int level, uint64_t idx) -> Result<Hash> {
    auto h = tx.MerkleNode(level, static_cast<int64_t>(idx));
    if (!h.ok()) return h.status();
    if (!h->has_value()) return Status::NotFound("Merkle node missing");
    return **h;
  };
}

// Sends the checkpoint to the witness with a consistency proof from the
// size it last cosigned, and returns the cosignature line(s) it answered.
Result<std::string> AskWitness(App& app, const std::string& note, int64_t size, int64_t witnessed_size) {
  std::string body = "old " + std::to_string(witnessed_size) + "\n";
  if (witnessed_size > 0 && witnessed_size < size) {
    auto proof = ConsistencyProofAt(app, witnessed_size, size);
    if (!proof.ok()) return proof.status();
    for (const auto& h : *proof) body += Base64Encode(HashBytes(h)) + "\n";
  }
  body += "\n" + note;
  http::ClientRequest req;
  req.method = "POST";
  req.url = app.config().witness_url + "/witness/add-checkpoint";
  req.body = body;
  req.timeout = std::chrono::milliseconds(5000);
  auto resp = http::Fetch(req);
  if (!resp.ok()) return resp.status();
  if (resp->status != 200)
    return Status::Conflict("witness answered " + std::to_string(resp->status) + ": " + resp->body.substr(0, 200));
  return resp->body;
}

}  // namespace

Result<Hash> RootAt(store::ReadTx& tx, int64_t size) {
  return RootFromFetcher(static_cast<uint64_t>(size), StoreFetcher(tx));
}

Result<std::vector<Hash>> InclusionProofAt(store::ReadTx& tx, int64_t index, int64_t size) {
  auto n = tx.JournalSize();
  if (!n.ok()) return n.status();
  if (index < 0 || size <= 0 || index >= size || size > *n)
    return Status::Invalid("need 0 <= index < size <= journal size (" + std::to_string(*n) + ")");
  return InclusionProof(static_cast<uint64_t>(index), static_cast<uint64_t>(size), StoreFetcher(tx));
}

Result<std::vector<Hash>> ConsistencyProofAt(store::ReadTx& tx, int64_t from, int64_t to) {
  auto n = tx.JournalSize();
  if (!n.ok()) return n.status();
  if (from < 1 || from > to || to > *n)
    return Status::Invalid("need 1 <= from <= to <= journal size (" + std::to_string(*n) + ")");
  return ConsistencyProof(static_cast<uint64_t>(from), static_cast<uint64_t>(to), StoreFetcher(tx));
}

Result<std::vector<Hash>> InclusionProofAt(App& app, int64_t index, int64_t size) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  return InclusionProofAt(**tx, index, size);
}

Result<std::vector<Hash>> ConsistencyProofAt(App& app, int64_t from, int64_t to) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  return ConsistencyProofAt(**tx, from, to);
}

Result<std::string> LatestCheckpointNote(App& app) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto c = (*tx)->LatestCheckpoint();
  if (!c.ok()) return c.status();
  if (!c->has_value()) return Status::NotFound("no checkpoint yet");
  return (*c)->note;
}

Status App::CheckpointNow() {
  if (!key_) return Status::Unavailable("this node has no signing key (run `sabt init`)");
  // A standby serves the primary's checkpoints; it never signs or writes.
  if (store_->ReadOnly()) return Status::Ok();
  std::lock_guard<std::mutex> lock(checkpoint_mu_);
  auto [size, root] = writer_->Head();
  int64_t witnessed = 0;
  if (last_checkpoint_size_ < 0) {
    auto tx = store_->Read();
    if (!tx.ok()) return tx.status();
    auto c = (*tx)->LatestCheckpoint();
    if (!c.ok()) return c.status();
    last_checkpoint_size_ = c->has_value() ? (*c)->size : 0;
  }
  if (size <= last_checkpoint_size_ || size == 0) return Status::Ok();
  Checkpoint cp;
  cp.origin = cfg_.LogOrigin();
  cp.size = static_cast<uint64_t>(size);
  cp.root = root;
  auto note = SignTimedCheckpoint(cp, key_->name, key_->key, static_cast<uint64_t>(clock_.NowMillis() / 1000));
  if (!note.ok()) return note.status();
  store::CheckpointRow row{size, root, *note, FormatRfc3339Millis(clock_.NowMillis())};
  auto put = [&row](WriteContext& ctx) -> Result<nlohmann::json> {
    SABT_RETURN_IF_ERROR(ctx.tx().PutCheckpoint(row));
    return nlohmann::json::object();
  };
  auto r = writer_->Run(put);
  if (!r.ok()) return r.status();
  int64_t previous = last_checkpoint_size_;
  last_checkpoint_size_ = size;
  if (!cfg_.witness_url.empty()) {
    // The witness expects the last size it cosigned; that is the previous
    // checkpoint when it cosigned that one, else the last cosigned we stored.
    witnessed = witness_size_ >= 0 ? witness_size_ : 0;
    auto cosig = AskWitness(*this, *note, size, witnessed);
    if (!cosig.ok()) {
      spdlog::warn("witness {} did not cosign size {}: {}", cfg_.witness_url, size, cosig.status().ToString());
      (void)previous;
      return Status::Ok();  // the checkpoint stands; the next one retries
    }
    if (!cfg_.witness_key.empty()) {
      // A witness known by its key out of band: keep only a cosignature that
      // verifies (docs/verification.md §5).
      auto wk = ParseVerifierKey(cfg_.witness_key);
      // Only the witness's answer is checked: the note's own time line is by
      // this node's key, which must not stand in for the witness's.
      std::string only_answer = note->substr(0, note->find("\n\n") + 2) + *cosig;
      if (!wk.ok() || !VerifyCosignature(only_answer, wk->name, wk->public_key).ok()) {
        spdlog::error("witness {} answered a cosignature that does not verify with --witness-key; dropped",
                      cfg_.witness_url);
        return Status::Ok();
      }
    }
    row.note = *note + *cosig;
    auto r2 = writer_->Run(put);
    if (!r2.ok()) return r2.status();
    witness_size_ = size;
  }
  return Status::Ok();
}

void App::StartCheckpointer() {
  if (checkpointer_.joinable() || !key_) return;
  checkpointer_ = std::thread([this] {
    while (!stop_) {
      Status st = CheckpointNow();
      if (!st.ok()) spdlog::error("checkpoint: {}", st.ToString());
      for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
}

}  // namespace sabt::app
