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

// Reads stored nodes, through the cache of the upper levels when given one.
NodeFetcher StoreFetcher(store::ReadTx& tx, journal::MerkleNodeCache* cache = nullptr) {
  return [&tx, cache](int level, uint64_t idx) -> Result<Hash> {
    if (cache) {
      if (auto hit = cache->Get(level, idx)) return *hit;
    }
    auto h = tx.MerkleNode(level, static_cast<int64_t>(idx));
    if (!h.ok()) return h.status();
    if (!h->has_value()) return Status::NotFound("Merkle node missing");
    if (cache) cache->Put(level, idx, **h);
    return **h;
  };
}

}  // namespace

Result<Hash> RootAt(store::ReadTx& tx, int64_t size) {
  return RootFromFetcher(static_cast<uint64_t>(size), StoreFetcher(tx));
}

Result<std::vector<Hash>> InclusionProofAt(store::ReadTx& tx, int64_t index, int64_t size,
                                           journal::MerkleNodeCache* cache) {
  auto n = tx.JournalSize();
  if (!n.ok()) return n.status();
  if (index < 0 || size <= 0 || index >= size || size > *n)
    return Status::Invalid("need 0 <= index < size <= journal size (" + std::to_string(*n) + ")");
  return InclusionProof(static_cast<uint64_t>(index), static_cast<uint64_t>(size), StoreFetcher(tx, cache));
}

Result<std::vector<Hash>> ConsistencyProofAt(store::ReadTx& tx, int64_t from, int64_t to,
                                             journal::MerkleNodeCache* cache) {
  auto n = tx.JournalSize();
  if (!n.ok()) return n.status();
  if (from < 1 || from > to || to > *n)
    return Status::Invalid("need 1 <= from <= to <= journal size (" + std::to_string(*n) + ")");
  return ConsistencyProof(static_cast<uint64_t>(from), static_cast<uint64_t>(to), StoreFetcher(tx, cache));
}

Result<std::vector<Hash>> InclusionProofAt(App& app, int64_t index, int64_t size) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  return InclusionProofAt(**tx, index, size, &app.merkle_cache());
}

Result<std::vector<Hash>> ConsistencyProofAt(App& app, int64_t from, int64_t to) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  return ConsistencyProofAt(**tx, from, to, &app.merkle_cache());
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
  if (last_checkpoint_size_ < 0) {
    auto tx = store_->Read();
    if (!tx.ok()) return tx.status();
    auto c = (*tx)->LatestCheckpoint();
    if (!c.ok()) return c.status();
    last_checkpoint_size_ = c->has_value() ? (*c)->size : 0;
  }
  if (size > last_checkpoint_size_ && size > 0) {
    Checkpoint cp;
    cp.origin = cfg_.LogOrigin();
    cp.size = static_cast<uint64_t>(size);
    cp.root = root;
    auto note = SignTimedCheckpoint(cp, key_->name, key_->key, static_cast<uint64_t>(clock_.NowMillis() / 1000));
    if (!note.ok()) return note.status();
    store::CheckpointRow row{size, root, *note, FormatRfc3339Millis(clock_.NowMillis())};
    auto r = writer_->Run([row](WriteContext& ctx) -> Result<nlohmann::json> {
      SABT_RETURN_IF_ERROR(ctx.tx().PutCheckpoint(row));
      return nlohmann::json::object();
    });
    if (!r.ok()) return r.status();
    last_checkpoint_size_ = size;
  }
  // The latest checkpoint stands either way; the witness is asked until it
  // cosigns it (with a back-off while it is unreachable or refuses).
  if (witness_) return witness_->Push(*this);
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
