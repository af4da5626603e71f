#include "app/migrate.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "app/verify.h"
#include "journal/merkle.h"
#include "util/sha256.h"

namespace sabt::app {
namespace {

// verify's normal form: parsed and re-dumped, so SQLite and PostgreSQL rows compare.
std::vector<std::string> Normal(std::vector<std::string> rows) {
  for (auto& r : rows) {
    auto j = nlohmann::json::parse(r, nullptr, false);
    if (!j.is_discarded()) r = j.dump();
  }
  return rows;
}

Status Refuse(const std::string& why) { return Status::Conflict(why + "; nothing was written to the target"); }

// The target must hold nothing the copy would mix with.
Status CheckEmpty(store::WriteTx& dst) {
  auto n = dst.JournalSize();
  if (!n.ok()) return n.status();
  if (*n != 0) return Refuse("the target already holds a journal of " + std::to_string(*n) + " entries");
  auto heads = dst.TreeHeads();
  if (!heads.ok()) return heads.status();
  if (!heads->empty()) return Refuse("the target already holds tree heads");
  auto cps = dst.Checkpoints();
  if (!cps.ok()) return cps.status();
  if (!cps->empty()) return Refuse("the target already holds checkpoints");
  auto ws = dst.WitnessStates();
  if (!ws.ok()) return ws.status();
  if (!ws->empty()) return Refuse("the target already holds witness state");
  auto files = dst.AttachmentHashes();
  if (!files.ok()) return files.status();
  if (!files->empty()) return Refuse("the target already holds attached files");
  for (const auto& table : store::ProjectionTables()) {
    auto rows = dst.TableRows(table);
    if (!rows.ok()) return rows.status();
    if (!rows->empty()) return Refuse("the target's table " + table + " is not empty");
  }
  return Status::Ok();
}

}  // namespace

Result<MigrateReport> CopyNode(store::Store& from, store::Store& to, const MigrateProgress& progress) {
  MigrateReport rep;
  // One read transaction: a consistent snapshot even while the source runs.
  auto srcr = from.Read();
  if (!srcr.ok()) return srcr.status();
  store::ReadTx& src = **srcr;
  auto total = src.JournalSize();
  if (!total.ok()) return total.status();
  auto src_head = src.LatestTreeHead();
  if (!src_head.ok()) return src_head.status();
  auto src_cp = src.LatestCheckpoint();
  if (!src_cp.ok()) return src_cp.status();
  if (src_head->size != *total)
    return Status::Corruption("the source's latest tree head covers " + std::to_string(src_head->size) +
                              " entries but its journal holds " + std::to_string(*total) +
                              "; run `sabt verify` on the source");

  auto dstw = to.BeginWrite();
  if (!dstw.ok()) return dstw.status();
  store::WriteTx& dst = **dstw;  // destroyed without Commit() = rolled back
  SABT_RETURN_IF_ERROR(CheckEmpty(dst));

  CompactRange range;
  Status st = src.ScanJournal(0, [&](const store::EntryRow& e, const store::PayloadRow* p) -> Status {
    if (e.idx != rep.entries)
      return Status::Corruption("source entry " + std::to_string(rep.entries) + " is missing");
    if (LeafHash(e.entry) != e.leaf_hash)
      return Status::Corruption("source entry " + std::to_string(e.idx) + ": the stored leaf hash does not match");
    SABT_RETURN_IF_ERROR(dst.AppendEntry(e, p));
    range.Append(e.leaf_hash);
    ++rep.entries;
    if (p) ++rep.payloads;
    if (progress && (rep.entries % 500 == 0 || rep.entries == *total)) progress("entries", rep.entries, *total);
    return Status::Ok();
  });
  SABT_RETURN_IF_ERROR(st);
  if (rep.entries != *total)
    return Status::Corruption("copied " + std::to_string(rep.entries) + " entries, expected " + std::to_string(*total));
  if (*total > 0 && range.Root() != src_head->root)
    return Status::Corruption("the root of the copied leaves differs from the source's latest tree head");

  st = src.ScanMerkleNodes([&](int level, int64_t idx, const Hash& h) -> Status {
    ++rep.merkle_nodes;
    return dst.PutMerkleNode(level, idx, h);
  });
  SABT_RETURN_IF_ERROR(st);
  auto heads = src.TreeHeads();
  if (!heads.ok()) return heads.status();
  for (const auto& h : *heads) {
    SABT_RETURN_IF_ERROR(dst.PutTreeHead(h));
    ++rep.tree_heads;
  }
  auto cps = src.Checkpoints();
  if (!cps.ok()) return cps.status();
  for (const auto& c : *cps) {
    SABT_RETURN_IF_ERROR(dst.PutCheckpoint(c));
    ++rep.checkpoints;
  }
  auto ws = src.WitnessStates();
  if (!ws.ok()) return ws.status();
  for (const auto& w : *ws) {
    SABT_RETURN_IF_ERROR(dst.PutWitnessState(w));
    ++rep.witness_states;
  }
  // Attached files: not in the journal, so copied as they are, one in
  // memory at a time, each checked against its content address.
  auto files = src.AttachmentHashes();
  if (!files.ok()) return files.status();
  for (const auto& sha : *files) {
    auto blob = src.AttachmentData(sha);
    if (!blob.ok()) return blob.status();
    if (!blob->has_value()) return Status::Corruption("the source's attached file " + sha + " vanished during the copy");
    if (HashHex(Sha256((*blob)->data)) != sha)
      return Status::Corruption("the source's attached file " + sha + " does not match its SHA-256; run `sabt verify`");
    SABT_RETURN_IF_ERROR(dst.PutAttachmentBlob(**blob));
    ++rep.attachments;
    rep.attachment_bytes += static_cast<int64_t>((*blob)->data.size());
    if (progress) progress("attachments", rep.attachments, static_cast<int64_t>(files->size()));
  }
  if (progress) progress("log state", rep.merkle_nodes + rep.tree_heads + rep.checkpoints + rep.witness_states,
                         rep.merkle_nodes + rep.tree_heads + rep.checkpoints + rep.witness_states);

  // Projections: the copied journal replayed into the empty target tables.
  SABT_RETURN_IF_ERROR(ReplayJournal(dst, dst, *total, [&](const std::string&, int64_t d, int64_t t) {
    if (progress) progress("replay", d, t);
  }));

  // The checks that decide whether to commit.
  auto dst_head = dst.LatestTreeHead();
  if (!dst_head.ok()) return dst_head.status();
  if (dst_head->size != src_head->size || dst_head->root != src_head->root)
    return Refuse("the target's latest tree head differs from the source's");
  auto dst_cp = dst.LatestCheckpoint();
  if (!dst_cp.ok()) return dst_cp.status();
  if (src_cp->has_value() != dst_cp->has_value() ||
      (src_cp->has_value() && ((*src_cp)->size != (*dst_cp)->size || (*src_cp)->root != (*dst_cp)->root ||
                               (*src_cp)->note != (*dst_cp)->note)))
    return Refuse("the target's latest checkpoint differs from the source's");
  auto dst_files = dst.AttachmentHashes();
  if (!dst_files.ok()) return dst_files.status();
  std::vector<std::string> want = *files, got = *dst_files;
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  if (want != got) return Refuse("the target's attached files differ from the source's");
  for (const auto& table : store::ProjectionTables()) {
    auto a = src.TableRows(table);
    if (!a.ok()) return a.status();
    auto b = dst.TableRows(table);
    if (!b.ok()) return b.status();
    const auto n = static_cast<int64_t>(b->size());
    if (Normal(std::move(*a)) != Normal(std::move(*b)))
      return Refuse("table " + table +
                    " of the source differs from a replay of its journal (run `sabt verify` on the source)");
    rep.rows += n;
  }
  SABT_RETURN_IF_ERROR(dst.Commit());
  rep.root_hex = HashHex(src_head->root);
  if (src_cp->has_value()) {
    rep.checkpoint_size = (*src_cp)->size;
    rep.checkpoint_root_hex = HashHex((*src_cp)->root);
  }
  return rep;
}

}  // namespace sabt::app
