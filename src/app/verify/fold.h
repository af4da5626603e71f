// The in-order half of the journal pass of `sabt verify` (docs/journal-
// format.md §6 items 1–4 and §6.1): idx and seq continuity, the Merkle fold
// and the stored nodes, tree heads, checkpoint roots, keys, attachments,
// erasures and payload bookkeeping, and (full verify only) the replay into
// a private database. Used for a full verify (from 0) and for
// --since-checkpoint (from the verified size, on top of its frontier).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/verify.h"
#include "app/series_check.h"
#include "app/verify/pipeline.h"
#include "app/verify_anchors.h"
#include "app/verify_attachments.h"
#include "journal/merkle.h"

namespace sabt::app::verify {

struct FoldStart {
  int64_t size = 0;                         // entries already verified
  CompactRange range;                       // their frontier
  std::map<std::string, int64_t> last_seq;  // per origin, among them
  std::vector<VerifierKey> keys;            // registered among them
};

class JournalFold {
 public:
  // heads: every stored tree head (those not larger than start.size are
  // skipped); checkpoint_sizes: sizes whose roots are wanted; replay: the
  // private database's write transaction, or null (no replay).
  JournalFold(FoldStart start, const std::vector<store::TreeHead>& heads,
              const std::vector<int64_t>& checkpoint_sizes, store::WriteTx* replay, int64_t total,
              const Progress& progress, VerifyReport* report);

  // Consumes one chunk; on a fault returns non-ok and fault() names it.
  Status Consume(Chunk& chunk);

  const std::string& fault() const { return fault_; }
  // After the scan: heads never reached, missing payloads. "" when fine.
  std::string Finish();

  const CompactRange& range() const { return range_; }
  const std::map<int64_t, Hash>& roots_at() const { return roots_at_; }
  const std::map<std::string, int64_t>& last_seq() const { return last_seq_; }
  const std::vector<VerifierKey>& keys() const { return keys_; }
  const std::vector<KeyEvent>& key_events() const { return key_events_; }
  const std::vector<AttachmentRef>& files() const { return files_; }
  bool PayloadGone(int64_t idx) const { return missing_payloads_.count(idx) > 0; }
  // Erasures of entries older than the start (checked by the caller).
  const std::vector<std::pair<int64_t, int64_t>>& old_erasures() const { return old_erasures_; }
  // The first replay fault ("" if none): reported after the journal checks.
  const std::string& replay_fault() const { return replay_fault_; }
  // Check 6 from the journal itself, fed in this pass (full verify).
  SeriesCollector& series() { return series_; }

 private:
  Status Entry(const Chunk& chunk, ScannedEntry& s);
  Status Stop(std::string message);

  int64_t start_size_;
  CompactRange range_;
  std::map<std::string, int64_t> last_seq_;
  std::vector<VerifierKey> keys_;
  std::vector<KeyEvent> key_events_;
  std::vector<AttachmentRef> files_;
  std::map<int64_t, int64_t> missing_payloads_;
  std::map<std::pair<std::string, int64_t>, int64_t> missing_by_seq_;
  std::vector<std::pair<int64_t, int64_t>> old_erasures_;  // (target, erasing entry)
  std::vector<store::TreeHead> heads_;
  size_t next_head_ = 0;
  std::map<int64_t, Hash> roots_at_;
  store::WriteTx* replay_;
  std::string replay_fault_;
  SeriesCollector series_;
  int64_t total_;
  Progress progress_;
  VerifyReport* rep_;
  int64_t expect_idx_;
  int64_t done_ = 0;
  std::string fault_;
};

// Copies the verified tree state (size, root, seqs, keys) into the report.
void RecordResultState(const JournalFold& fold, VerifyReport* rep);

}  // namespace sabt::app::verify
