#include "app/verify.h"

#include <map>

#include "app/log.h"
#include "app/projector.h"
#include "app/series_check.h"
#include "app/stats/stat_projection.h"
#include "app/verify_anchors.h"
#include "app/verify_attachments.h"
#include "journal/checkpoint.h"
#include "journal/appender.h"
#include "journal/merkle.h"
#include "store/sqlite/sqlite_store.h"
#include "util/hex.h"
#include "util/jcs.h"
#include "util/random.h"

namespace sabt::app {
namespace {

std::string At(int64_t idx) { return "entry " + std::to_string(idx) + ": "; }

// Payload as JSON, or null when absent.
Result<std::optional<nlohmann::json>> PayloadJson(const store::PayloadRow* p, int64_t idx) {
  if (!p) return std::optional<nlohmann::json>();
  auto j = nlohmann::json::parse(p->body, nullptr, false);
  if (j.is_discarded()) return Status::Corruption(At(idx) + "payload is not JSON");
  return std::optional<nlohmann::json>(std::move(j));
}

Status ReplayInto(store::WriteTx& tx, store::ReadTx& source, int64_t total, const Progress& progress) {
  int64_t n = 0;
  return source.ScanJournal(0, [&](const store::EntryRow& e, const store::PayloadRow* p) -> Status {
    auto view = ParseEntry(e.entry, e.idx);
    if (!view.ok()) return view.status();
    auto payload = PayloadJson(p, e.idx);
    if (!payload.ok()) return payload.status();
    Status st = Project(tx, *view, *payload ? &**payload : nullptr);
    if (!st.ok()) return Status(st.code(), At(e.idx) + "replay failed: " + st.message());
    if (progress && (++n % 10000 == 0 || n == total)) progress("replay", n, total);
    return Status::Ok();
  });
}

std::string RowKey(const std::string& row_json) {
  auto j = nlohmann::json::parse(row_json, nullptr, false);
  if (j.is_array() && !j.empty()) return j[0].is_string() ? j[0].get<std::string>() : j[0].dump();
  return row_json.substr(0, 60);
}

}  // namespace

Status ReplayJournal(store::WriteTx& tx, store::ReadTx& source, int64_t total, const Progress& progress) {
  return ReplayInto(tx, source, total, progress);
}

Result<VerifyReport> Verify(store::Store& store, const VerifyOptions& options, const Progress& progress) {
  VerifyReport rep;
  auto txr = store.Read();
  if (!txr.ok()) return txr.status();
  store::ReadTx& tx = **txr;
  auto heads = tx.TreeHeads();
  if (!heads.ok()) return heads.status();
  auto size = tx.JournalSize();
  if (!size.ok()) return size.status();
  rep.tree_heads = static_cast<int64_t>(heads->size());
  auto fail = [&](std::string msg) {
    rep.ok = false;
    rep.fault = std::move(msg);
    return rep;
  };
  if (!heads->empty() && heads->back().size > *size)
    return fail("journal truncated: tree head of size " + std::to_string(heads->back().size) + " but only " +
                std::to_string(*size) + " entries");

  auto checkpoints = tx.Checkpoints();
  if (!checkpoints.ok()) return checkpoints.status();
  if (!checkpoints->empty() && checkpoints->back().size > *size)
    return fail("journal truncated: checkpoint of size " + std::to_string(checkpoints->back().size) + " but only " +
                std::to_string(*size) + " entries");
  std::map<int64_t, Hash> roots_at;  // checkpoint size → root of that journal prefix
  for (const auto& c : *checkpoints) roots_at[c.size] = Hash{};
  std::vector<VerifierKey> keys;     // every key the journal registered
  std::vector<KeyEvent> key_events;  // the same, with their entries (for --trusted-key)
  std::vector<AttachmentRef> files;  // appeal.attachment_added entries
  std::map<int64_t, int64_t> missing_payloads;  // entry → 0 (unexplained) or erasing entry

  // Pass 1: entries, hashes, tree heads, payload commitments.
  CompactRange range;
  std::map<std::string, int64_t> last_seq;
  std::map<std::pair<std::string, int64_t>, int64_t> missing_by_seq;  // (origin, seq) → idx of a missing payload
  size_t next_head = 0;
  int64_t expect_idx = 0;
  std::string fault;
  Status scan = tx.ScanJournal(0, [&](const store::EntryRow& e, const store::PayloadRow* p) -> Status {
    auto stop = [&](std::string m) {
      fault = std::move(m);
      return Status::Corruption("stop");
    };
    if (e.idx != expect_idx) return stop(At(expect_idx) + "missing (next stored entry is " + std::to_string(e.idx) + ")");
    ++expect_idx;
    auto j = nlohmann::json::parse(e.entry, nullptr, false);
    if (j.is_discarded()) return stop(At(e.idx) + "is not JSON");
    auto canon = Canonicalize(j);
    if (!canon.ok() || *canon != e.entry) return stop(At(e.idx) + "is not in canonical form");
    auto view = ParseEntry(e.entry, e.idx);
    if (!view.ok()) return stop(view.status().message());
    if (view->origin != e.origin || view->seq != e.seq || view->kind != e.kind || view->subject != e.subject)
      return stop(At(e.idx) + "indexed columns differ from the entry bytes");
    int64_t& last = last_seq[view->origin];
    if (view->seq != last + 1)
      return stop(At(e.idx) + "seq " + std::to_string(view->seq) + " of origin " + view->origin + " follows " +
                  std::to_string(last));
    last = view->seq;
    Hash leaf = LeafHash(e.entry);
    if (leaf != e.leaf_hash) return stop(At(e.idx) + "stored leaf hash does not match the entry");
    std::vector<CompletedNode> completed;
    range.Append(leaf, &completed);
    for (const auto& [level, idx, hash] : completed) {
      auto stored = tx.MerkleNode(level, static_cast<int64_t>(idx));
      if (!stored.ok()) return stored.status();
      if (!stored->has_value() || **stored != hash)
        return stop("Merkle node level " + std::to_string(level) + " index " + std::to_string(idx) +
                    " is missing or wrong (first affected: " + At(e.idx) + ")");
    }
    while (next_head < heads->size() && (*heads)[next_head].size == static_cast<int64_t>(range.size())) {
      if ((*heads)[next_head].root != range.Root())
        return stop("tree head of size " + std::to_string(range.size()) + " has a root that does not match the journal");
      ++next_head;
    }
    if (roots_at.count(static_cast<int64_t>(range.size()))) roots_at[static_cast<int64_t>(range.size())] = range.Root();
    if (view->kind == "node.key_registered" || view->kind == "node.key_rotated") {
      auto k = ParseVerifierKey(view->data.value("verifier_key", std::string()));
      if (!k.ok()) return stop(At(e.idx) + "registers a malformed key");
      keys.push_back(*k);
      key_events.push_back({e.idx, view->kind == "node.key_rotated", *k,
                            view->data.value("previous_key", std::string())});
    }
    if (view->kind == "appeal.attachment_added")
      files.push_back({e.idx, view->data.value("sha256", std::string()), view->data.value("number", std::string())});
    if (view->kind == "sync.purged") {
      // A field node's purge after its parent's ack (docs/sync-protocol.md
      // §10): targets are seqs of the same origin. On the parent the
      // payloads are still there, which is fine.
      for (const auto& t : view->data.value("targets", nlohmann::json::array())) {
        auto it = missing_by_seq.find({view->origin, t.is_number_integer() ? t.get<int64_t>() : -1});
        if (it != missing_by_seq.end()) missing_payloads[it->second] = e.idx;
      }
    }
    if (view->kind == "payload.erased") {
      int64_t target = view->data.value("target", int64_t{-1});
      auto it = missing_payloads.find(target);
      if (it == missing_payloads.end()) return stop(At(e.idx) + "erases entry " + std::to_string(target) + ", whose payload is not missing");
      it->second = e.idx;
    }
    std::string commitment = j.value("payload", std::string());
    if (!commitment.empty()) {
      if (!p) {
        missing_payloads[e.idx] = 0;  // fine only if a later entry erased it
        missing_by_seq[{view->origin, view->seq}] = e.idx;
        ++rep.entries;
        return Status::Ok();
      }
      if (HashHex(journal::PayloadCommitment(p->salt, p->body)) != commitment)
        return stop(At(e.idx) + "payload does not match its commitment");
      ++rep.payloads;
    } else if (p) {
      return stop(At(e.idx) + "has a stored payload but no commitment");
    }
    ++rep.entries;
    if (progress && (rep.entries % 10000 == 0 || rep.entries == *size)) progress("hash", rep.entries, *size);
    return Status::Ok();
  });
  if (!fault.empty()) return fail(fault);
  if (!scan.ok()) return scan;
  if (next_head != heads->size())
    return fail("tree head of size " + std::to_string((*heads)[next_head].size) + " does not match any journal prefix");
  rep.root_hex = HashHex(range.Root());
  for (const auto& [idx, by] : missing_payloads) {
    if (by == 0) return fail(At(idx) + "payload is missing");
    rep.notes.push_back(At(idx) + "payload erased by #" + std::to_string(by));
  }
  // Evidence files: their bytes against the hashes in the entries.
  auto file_fault = CheckAttachments(
      tx, files, [&](int64_t idx) { return missing_payloads.count(idx) > 0; }, &rep.files);
  if (!file_fault.ok()) return file_fault.status();
  if (!file_fault->empty()) return fail(*file_fault);

  // Checkpoints: signature by a key the journal registered, root of that
  // prefix, and consistency between consecutive ones.
  int64_t prev = 0;
  Hash prev_root{};
  for (const auto& c : *checkpoints) {
    std::string origin = c.note.substr(0, c.note.find('\n'));
    bool signed_ok = false;
    for (const auto& k : keys) {
      if (k.name != origin) continue;
      auto cp = VerifyNote(c.note, k.name, k.public_key);
      if (cp.ok() && static_cast<int64_t>(cp->size) == c.size && cp->root == c.root) signed_ok = true;
    }
    if (!signed_ok) return fail("checkpoint of size " + std::to_string(c.size) + ": signature does not verify with any key in the journal");
    if (roots_at[c.size] != c.root) return fail("checkpoint of size " + std::to_string(c.size) + ": root does not match the journal");
    if (prev > 0) {
      auto proof = ConsistencyProofAt(tx, prev, c.size);
      if (!proof.ok()) return proof.status();
      if (!VerifyConsistency(static_cast<uint64_t>(prev), static_cast<uint64_t>(c.size), prev_root, c.root, *proof))
        return fail("checkpoints of sizes " + std::to_string(prev) + " and " + std::to_string(c.size) + " are not consistent");
    }
    prev = c.size;
    prev_root = c.root;
    ++rep.checkpoints;
  }
  // Keys given out of band.
  if (options.trusted_key) {
    std::string summary;
    std::string f = CheckTrustedKey(*options.trusted_key, key_events, *checkpoints, &summary);
    if (!f.empty()) return fail(f);
    rep.anchors.push_back(summary);
  }
  for (const auto& w : options.witness_keys) {
    std::string summary;
    std::string f = CheckWitnessKey(w, *checkpoints, &summary);
    if (!f.empty()) return fail(f);
    rep.anchors.push_back(summary);
  }

  // Pass 2: replay into a private in-memory database and compare tables.
  store::sqlite::Options mem;
  mem.path = "file:sabt-verify-" + RandomToken(8) + "?mode=memory&cache=shared";
  mem.readers = 1;
  auto replay = store::sqlite::SqliteStore::Open(mem);
  if (!replay.ok()) return replay.status();
  {
    auto wtx = (*replay)->BeginWrite();
    if (!wtx.ok()) return wtx.status();
    Status st = ReplayInto(**wtx, tx, *size, progress);
    if (!st.ok()) return fail(st.message());
    SABT_RETURN_IF_ERROR((*wtx)->Commit());
  }
  auto rtx = (*replay)->Read();
  if (!rtx.ok()) return rtx.status();
  // Rows are compared in one normal form (parsed and re-dumped), so a
  // PostgreSQL node compares equal to its SQLite replay.
  auto normal = [](std::vector<std::string>& rows) {
    for (auto& r : rows) {
      auto j = nlohmann::json::parse(r, nullptr, false);
      if (!j.is_discarded()) r = j.dump();
    }
  };
  for (const auto& table : store::ProjectionTables()) {
    auto live = tx.TableRows(table);
    if (!live.ok()) return live.status();
    auto want = (*rtx)->TableRows(table);
    if (!want.ok()) return want.status();
    normal(*live);
    normal(*want);
    size_t i = 0;
    for (; i < live->size() && i < want->size(); ++i) {
      if ((*live)[i] == (*want)[i]) continue;
      std::string lk = RowKey((*live)[i]), wk = RowKey((*want)[i]);
      if (lk == wk) return fail("table " + table + ", row " + lk + ": differs from the journal");
      return fail("table " + table + ", row " + std::min(lk, wk) + ": " +
                  (lk < wk ? "not in the journal" : "missing from the table"));
    }
    if (i < live->size()) return fail("table " + table + ", row " + RowKey((*live)[i]) + ": not in the journal");
    if (i < want->size()) return fail("table " + table + ", row " + RowKey((*want)[i]) + ": missing from the table");
    rep.rows_compared += static_cast<int64_t>(live->size());
    if (progress) progress("compare " + table, static_cast<int64_t>(live->size()), static_cast<int64_t>(live->size()));
  }
  // Statistics counters (issue 15): equal to a recount of the record tables.
  auto recount = stats::CompareWithRecount(tx);
  if (!recount.ok()) return recount.status();
  if (!recount->empty()) return fail("statistics: " + *recount);
  // Numbers first from the journal itself (names duplicates precisely), then the tables.
  Status numbers = CheckSeriesInJournal(tx);
  if (!numbers.ok()) return fail(numbers.message());
  auto gaps = tx.SeriesGaps();
  if (!gaps.ok()) return gaps.status();
  if (!gaps->empty())
    return fail("series " + gaps->front().first + ": number " + std::to_string(gaps->front().second) + " is missing");
  return rep;
}

Result<int64_t> Rebuild(store::Store& store, const Progress& progress) {
  auto rtx = store.Read();
  if (!rtx.ok()) return rtx.status();
  auto size = (*rtx)->JournalSize();
  if (!size.ok()) return size.status();
  rtx->reset();
  auto wtx = store.BeginWrite();
  if (!wtx.ok()) return wtx.status();
  SABT_RETURN_IF_ERROR((*wtx)->ClearProjections());
  // The write transaction reads the journal itself: it is not touched here.
  SABT_RETURN_IF_ERROR(ReplayInto(**wtx, **wtx, *size, progress));
  SABT_RETURN_IF_ERROR((*wtx)->Commit());
  return *size;
}

}  // namespace sabt::app
