#include "app/verify/since.h"

#include "app/log.h"
#include "app/verify/checkpoints.h"
#include "app/verify/entry_check.h"
#include "app/verify/fold.h"
#include "app/verify/pipeline.h"
#include "app/verify/result_note.h"
#include "app/verify_anchors.h"
#include "app/verify_attachments.h"
#include "journal/merkle.h"
#include "store/verify_tx.h"
#include "util/clock.h"

namespace sabt::app::verify {

namespace {

// --sweep: the old entries' bytes against their stored leaf hashes, and those
// folded to the signed root. *fault is set on a mismatch.
Status SweepOld(store::ReadTx& tx, int64_t m, const Hash& root, const VerifyOptions& options,
                const Progress& progress, std::string* fault) {
  CompactRange range;
  int64_t expect = 0;
  const Status done = Status::Corruption("swept");  // the scan went past m
  Status st = RunPipeline(
      tx, 0, PipelineOptions{options.workers, options.chunk},
      [](Chunk& c) {
        for (auto& s : c.entries) s.leaf = LeafHash(s.row.entry);
      },
      [&](Chunk& c) -> Status {
        for (const auto& s : c.entries) {
          if (expect == m) return done;
          const std::string at = "entry " + std::to_string(expect) + ": ";
          if (s.row.idx != expect) {
            *fault = at + "missing (next stored entry is " + std::to_string(s.row.idx) + ")";
            return done;
          }
          if (s.leaf != s.row.leaf_hash) {
            *fault = at + "stored leaf hash does not match the entry (an old entry was changed)";
            return done;
          }
          range.Append(s.leaf);
          ++expect;
          if (progress && (expect % 10000 == 0 || expect == m)) progress("sweep", expect, m);
        }
        return expect == m ? done : Status::Ok();
      });
  if (!st.ok() && st.message() != done.message()) return st;
  if (!fault->empty()) return Status::Ok();
  if (expect != m) {
    *fault = "entry " + std::to_string(expect) + ": missing";
  } else if (range.Root() != root) {
    *fault = "the old entries' leaf hashes do not fold to the root verified at size " + std::to_string(m);
  }
  return Status::Ok();
}

}  // namespace

Result<SinceOutcome> VerifySince(store::Store& store, const journal::NodeKey& key, const VerifyOptions& options,
                                 const Progress& progress) {
  SinceOutcome out;
  VerifyReport& rep = out.report;
  auto fail = [&](std::string msg) {
    rep.ok = false;
    rep.fault = std::move(msg) + "; run a full sabt verify";
    return out;
  };
  auto txr = store.Read();
  if (!txr.ok()) return txr.status();
  store::ReadTx& tx = **txr;
  auto reads = store::VerifyReadsOf(tx);
  if (!reads.ok()) return reads.status();
  auto latest = (*reads)->LatestVerifyResult();
  if (!latest.ok()) return latest.status();
  if (!latest->has_value()) {
    out.no_result = true;
    return out;
  }
  const std::string which = "stored verify result #" + std::to_string((*latest)->id);
  auto result = OpenResult((*latest)->note, key);
  if (!result.ok()) return fail(which + ": " + result.status().message());
  const int64_t m = result->size;
  rep.since = m;

  auto size = tx.JournalSize();
  if (!size.ok()) return size.status();
  auto heads = tx.TreeHeads();
  if (!heads.ok()) return heads.status();
  auto checkpoints = tx.Checkpoints();
  if (!checkpoints.ok()) return checkpoints.status();
  rep.tree_heads = static_cast<int64_t>(heads->size());
  if (m > *size)
    return fail("journal truncated: " + which + " covers " + std::to_string(m) + " entries but only " +
                std::to_string(*size) + " are stored");
  if (!heads->empty() && heads->back().size > *size)
    return fail("journal truncated: tree head of size " + std::to_string(heads->back().size) + " but only " +
                std::to_string(*size) + " entries");
  if (!checkpoints->empty() && checkpoints->back().size > *size)
    return fail("journal truncated: checkpoint of size " + std::to_string(checkpoints->back().size) + " but only " +
                std::to_string(*size) + " entries");

  // The old part, by the tree: the stored frontier at m has the signed root.
  NodeFetcher fetch = [&](int level, uint64_t idx) -> Result<Hash> {
    auto h = tx.MerkleNode(level, static_cast<int64_t>(idx));
    if (!h.ok()) return h.status();
    if (!h->has_value()) return Status::NotFound("Merkle node level " + std::to_string(level) + " index " +
                                                 std::to_string(idx) + " is missing");
    return **h;
  };
  auto frontier = CompactRange::FromFetcher(static_cast<uint64_t>(m), fetch);
  if (!frontier.ok() && frontier.status().code() != Code::kNotFound) return frontier.status();
  if (!frontier.ok() || frontier->Root() != result->root)
    return fail("the stored Merkle tree no longer matches the root verified at size " + std::to_string(m) + " (" +
                which + (frontier.ok() ? "" : ": " + frontier.status().message()) +
                "): old entries or their hashes were changed");

  if (options.sweep) {
    std::string f;
    SABT_RETURN_IF_ERROR(SweepOld(tx, m, result->root, options, progress, &f));
    if (!f.empty()) return fail(f);
  }

  std::vector<VerifierKey> keys;
  for (const auto& k : result->keys) {
    auto vk = ParseVerifierKey(k);
    if (!vk.ok()) return fail(which + ": malformed key line");
    keys.push_back(*vk);
  }
  std::vector<int64_t> checkpoint_sizes;
  for (const auto& c : *checkpoints) checkpoint_sizes.push_back(c.size);

  // The new part, entry by entry.
  JournalFold fold(FoldStart{m, *frontier, result->last_seq, keys}, *heads, checkpoint_sizes, nullptr, *size,
                   progress, &rep);
  PipelineOptions po{options.workers, options.chunk};
  Status scan = RunPipeline(tx, m, po, CheckChunk, [&](Chunk& c) { return fold.Consume(c); });
  if (!fold.fault().empty()) return fail(fold.fault());
  if (!scan.ok()) return scan;
  if (std::string f = fold.Finish(); !f.empty()) return fail(f);
  for (const auto& [target, by] : fold.old_erasures()) {
    auto p = tx.Payload(target);
    if (!p.ok()) return p.status();
    if (p->has_value())
      return fail("entry " + std::to_string(by) + ": erases entry " + std::to_string(target) +
                  ", whose payload is not missing");
    rep.notes.push_back("entry " + std::to_string(target) + ": payload erased by #" + std::to_string(by));
  }
  RecordResultState(fold, &rep);
  auto file_fault = CheckAttachments(
      tx, fold.files(), [&](int64_t idx) { return fold.PayloadGone(idx); }, &rep.files);
  if (!file_fault.ok()) return file_fault.status();
  if (!file_fault->empty()) return fail(*file_fault);
  auto cp_fault = CheckCheckpoints(tx, *checkpoints, fold.keys(), fold.roots_at(), m, result->root, &rep.checkpoints);
  if (!cp_fault.ok()) return cp_fault.status();
  if (!cp_fault->empty()) return fail(*cp_fault);
  for (const auto& w : options.witness_keys) {
    std::string summary;
    std::string f = CheckWitnessKey(w, *checkpoints, &summary);
    if (!f.empty()) return fail(f);
    rep.anchors.push_back(summary);
  }
  // The old part against the new root: a consistency proof from the stored nodes.
  if (m > 0 && *size > m) {
    auto proof = ConsistencyProofAt(tx, m, *size);
    if (!proof.ok()) return fail("no consistency proof from size " + std::to_string(m) + ": " + proof.status().message());
    if (!VerifyConsistency(static_cast<uint64_t>(m), static_cast<uint64_t>(*size), result->root, rep.root, *proof))
      return fail("the tree verified at size " + std::to_string(m) + " (" + which + ") and the current tree of size " +
                  std::to_string(*size) + " are not consistent: old entries or their hashes were changed");
  }
  return out;
}

Status StoreVerifyResult(store::Store& store, const journal::NodeKey& key, const VerifyReport& report, int64_t at_ms) {
  VerifyResult r;
  r.size = report.size;
  r.root = report.root;
  r.since = report.since;
  r.at = FormatRfc3339Millis(at_ms);
  r.last_seq = report.last_seq;
  r.keys = report.keys;
  auto note = SignResult(r, key);
  if (!note.ok()) return note.status();
  auto wtx = store.BeginWrite();
  if (!wtx.ok()) return wtx.status();
  auto writes = store::VerifyWritesOf(**wtx);
  if (!writes.ok()) return writes.status();
  SABT_RETURN_IF_ERROR((*writes)->PutVerifyResult(*note));
  return (*wtx)->Commit();
}

}  // namespace sabt::app::verify
