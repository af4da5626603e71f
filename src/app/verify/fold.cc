#include "app/verify/fold.h"

#include "util/hex.h"

namespace sabt::app::verify {
namespace {
std::string At(int64_t idx) { return "entry " + std::to_string(idx) + ": "; }
}  // namespace

JournalFold::JournalFold(FoldStart start, const std::vector<store::TreeHead>& heads,
                         const std::vector<int64_t>& checkpoint_sizes, store::WriteTx* replay, int64_t total,
                         const Progress& progress, VerifyReport* report)
    : start_size_(start.size),
      range_(std::move(start.range)),
      last_seq_(std::move(start.last_seq)),
      keys_(std::move(start.keys)),
      replay_(replay),
      total_(total),
      progress_(progress),
      rep_(report),
      expect_idx_(start.size) {
  for (const auto& h : heads)
    if (h.size > start_size_) heads_.push_back(h);
  for (int64_t s : checkpoint_sizes)
    if (s > start_size_) roots_at_[s] = Hash{};
}

Status JournalFold::Stop(std::string message) {
  fault_ = std::move(message);
  return Status::Corruption("stop");
}

Status JournalFold::Consume(Chunk& chunk) {
  try {
    for (auto& s : chunk.entries) SABT_RETURN_IF_ERROR(Entry(chunk, s));
  } catch (const std::exception& ex) {  // a data field of an unexpected JSON type
    return Stop("entry " + std::to_string(expect_idx_ - 1) + ": malformed entry (" + ex.what() + ")");
  }
  return Status::Ok();
}

Status JournalFold::Entry(const Chunk& chunk, ScannedEntry& s) {
  const store::EntryRow& e = s.row;
  if (e.idx != expect_idx_) return Stop(At(expect_idx_) + "missing (next stored entry is " + std::to_string(e.idx) + ")");
  ++expect_idx_;
  if (!s.pre_fault.empty()) return Stop(s.pre_fault);
  const EntryView& view = s.view;
  int64_t& last = last_seq_[view.origin];
  if (view.seq != last + 1)
    return Stop(At(e.idx) + "seq " + std::to_string(view.seq) + " of origin " + view.origin + " follows " +
                std::to_string(last));
  last = view.seq;
  if (s.leaf != e.leaf_hash) return Stop(At(e.idx) + "stored leaf hash does not match the entry");
  std::vector<CompletedNode> completed;
  range_.Append(s.leaf, &completed);
  for (const auto& [level, idx, hash] : completed) {
    auto stored = chunk.Stored(level, idx);
    if (!stored || *stored != hash)
      return Stop("Merkle node level " + std::to_string(level) + " index " + std::to_string(idx) +
                  " is missing or wrong (first affected: " + At(e.idx) + ")");
  }
  const int64_t size = static_cast<int64_t>(range_.size());
  bool root_known = false;
  Hash root{};
  auto root_now = [&]() -> const Hash& {
    if (!root_known) root = range_.Root(), root_known = true;
    return root;
  };
  while (next_head_ < heads_.size() && heads_[next_head_].size == size) {
    if (heads_[next_head_].root != root_now())
      return Stop("tree head of size " + std::to_string(size) + " has a root that does not match the journal");
    ++next_head_;
  }
  if (auto it = roots_at_.find(size); it != roots_at_.end()) it->second = root_now();
  if (view.kind == "node.key_registered" || view.kind == "node.key_rotated") {
    auto k = ParseVerifierKey(view.data.value("verifier_key", std::string()));
    if (!k.ok()) return Stop(At(e.idx) + "registers a malformed key");
    keys_.push_back(*k);
    key_events_.push_back({e.idx, view.kind == "node.key_rotated", *k, view.data.value("previous_key", std::string())});
  }
  if (view.kind == "appeal.attachment_added")
    files_.push_back({e.idx, view.data.value("sha256", std::string()), view.data.value("number", std::string())});
  if (view.kind == "sync.purged") {
    // A field node's purge after its parent's ack (docs/sync-protocol.md
    // §10): targets are seqs of the same origin. On the parent the payloads
    // are still there, which is fine.
    for (const auto& t : view.data.value("targets", nlohmann::json::array())) {
      auto it = missing_by_seq_.find({view.origin, t.is_number_integer() ? t.get<int64_t>() : -1});
      if (it != missing_by_seq_.end()) missing_payloads_[it->second] = e.idx;
    }
  }
  if (view.kind == "payload.erased") {
    int64_t target = view.data.value("target", int64_t{-1});
    if (target >= 0 && target < start_size_) {
      old_erasures_.push_back({target, e.idx});  // before the start: the caller checks
    } else {
      auto it = missing_payloads_.find(target);
      if (it == missing_payloads_.end())
        return Stop(At(e.idx) + "erases entry " + std::to_string(target) + ", whose payload is not missing");
      it->second = e.idx;
    }
  }
  // The replay, in the same pass; its first fault is kept for later.
  if (replay_ && replay_fault_.empty()) {
    if (s.payload_not_json) {
      replay_fault_ = At(e.idx) + "payload is not JSON";
    } else {
      Status st = Project(*replay_, view, s.payload_json ? &*s.payload_json : nullptr);
      if (!st.ok()) replay_fault_ = At(e.idx) + "replay failed: " + st.message();
    }
  }
  s.payload_json.reset();
  if (replay_) series_.Add(view.kind, e.idx, view.data);
  if (!s.commitment.empty()) {
    if (!s.has_payload) {
      missing_payloads_[e.idx] = 0;  // fine only if a later entry erased it
      missing_by_seq_[{view.origin, view.seq}] = e.idx;
      ++rep_->entries;
      return Status::Ok();
    }
    if (!s.commitment_ok) return Stop(At(e.idx) + "payload does not match its commitment");
    ++rep_->payloads;
  } else if (s.has_payload) {
    return Stop(At(e.idx) + "has a stored payload but no commitment");
  }
  ++rep_->entries;
  ++done_;
  if (progress_ && (done_ % 10000 == 0 || expect_idx_ == total_)) progress_("hash", expect_idx_ - start_size_, total_ - start_size_);
  return Status::Ok();
}

std::string JournalFold::Finish() {
  if (next_head_ != heads_.size())
    return "tree head of size " + std::to_string(heads_[next_head_].size) + " does not match any journal prefix";
  for (const auto& [idx, by] : missing_payloads_) {
    if (by == 0) return At(idx) + "payload is missing";
    rep_->notes.push_back(At(idx) + "payload erased by #" + std::to_string(by));
  }
  return "";
}

void RecordResultState(const JournalFold& fold, VerifyReport* rep) {
  rep->size = static_cast<int64_t>(fold.range().size());
  rep->root = fold.range().Root();
  rep->root_hex = HashHex(rep->root);
  rep->last_seq = fold.last_seq();
  rep->keys.clear();
  for (const auto& k : fold.keys()) rep->keys.push_back(EncodeVerifierKey(k.name, k.public_key));
}

}  // namespace sabt::app::verify
