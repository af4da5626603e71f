#include "app/verify.h"

#include <map>

#include "app/log.h"
#include "app/projector.h"
#include "app/series_check.h"
#include "app/stats/stat_projection.h"
#include "app/verify_anchors.h"
#include "app/verify_attachments.h"
#include "app/verify/checkpoints.h"
#include "app/verify/entry_check.h"
#include "app/verify/fold.h"
#include "app/verify/pipeline.h"
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

namespace {

// Table comparison, counters and numbers (items 5 and 6 of §6): "" when
// they all pass.
Result<std::string> CompareTables(store::ReadTx& tx, store::ReadTx& replayed, SeriesCollector& series,
                                  const Progress& progress, VerifyReport* rep) {
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
    auto want = replayed.TableRows(table);
    if (!want.ok()) return want.status();
    normal(*live);
    normal(*want);
    size_t i = 0;
    for (; i < live->size() && i < want->size(); ++i) {
      if ((*live)[i] == (*want)[i]) continue;
      std::string lk = RowKey((*live)[i]), wk = RowKey((*want)[i]);
      if (lk == wk) return "table " + table + ", row " + lk + ": differs from the journal";
      return "table " + table + ", row " + std::min(lk, wk) + ": " +
             (lk < wk ? "not in the journal" : "missing from the table");
    }
    if (i < live->size()) return "table " + table + ", row " + RowKey((*live)[i]) + ": not in the journal";
    if (i < want->size()) return "table " + table + ", row " + RowKey((*want)[i]) + ": missing from the table";
    rep->rows_compared += static_cast<int64_t>(live->size());
    if (progress) progress("compare " + table, static_cast<int64_t>(live->size()), static_cast<int64_t>(live->size()));
  }
  // Statistics counters (issue 15): equal to a recount of the record tables.
  auto recount = stats::CompareWithRecount(tx);
  if (!recount.ok()) return recount.status();
  if (!recount->empty()) return "statistics: " + *recount;
  // Numbers first from the journal itself (names duplicates precisely), then the tables.
  Status numbers = series.Check();  // fed in the journal pass
  if (!numbers.ok()) return numbers.message();
  auto gaps = tx.SeriesGaps();
  if (!gaps.ok()) return gaps.status();
  if (!gaps->empty())
    return "series " + gaps->front().first + ": number " + std::to_string(gaps->front().second) + " is missing";
  return std::string();
}

}  // namespace

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
  std::vector<int64_t> checkpoint_sizes;
  for (const auto& c : *checkpoints) checkpoint_sizes.push_back(c.size);

  // The replay goes into a private in-memory database, in the same pass.
  store::sqlite::Options mem;
  mem.path = "file:sabt-verify-" + RandomToken(8) + "?mode=memory&cache=shared";
  mem.readers = 1;
  auto replay = store::sqlite::SqliteStore::Open(mem);
  if (!replay.ok()) return replay.status();
  auto wtx = (*replay)->BeginWrite();
  if (!wtx.ok()) return wtx.status();

  // One pass (docs/journal-format.md §6.1): entries, hashes, tree heads,
  // payload commitments, and the replay.
  verify::JournalFold fold(verify::FoldStart{}, *heads, checkpoint_sizes, wtx->get(), *size, progress, &rep);
  verify::PipelineOptions po{options.workers, options.chunk};
  Status scan = verify::RunPipeline(tx, 0, po, verify::CheckChunk, [&](verify::Chunk& c) { return fold.Consume(c); });
  if (!fold.fault().empty()) return fail(fold.fault());
  if (!scan.ok()) return scan;
  if (std::string f = fold.Finish(); !f.empty()) return fail(f);
  verify::RecordResultState(fold, &rep);
  // Evidence files: their bytes against the hashes in the entries.
  auto file_fault = CheckAttachments(
      tx, fold.files(), [&](int64_t idx) { return fold.PayloadGone(idx); }, &rep.files);
  if (!file_fault.ok()) return file_fault.status();
  if (!file_fault->empty()) return fail(*file_fault);

  // Checkpoints: signature by a key the journal registered, root of that
  // prefix, and consistency between consecutive ones.
  auto cp_fault = verify::CheckCheckpoints(tx, *checkpoints, fold.keys(), fold.roots_at(), 0, Hash{}, &rep.checkpoints);
  if (!cp_fault.ok()) return cp_fault.status();
  if (!cp_fault->empty()) return fail(*cp_fault);
  // Keys given out of band.
  if (options.trusted_key) {
    std::string summary;
    std::string f = CheckTrustedKey(*options.trusted_key, fold.key_events(), *checkpoints, &summary);
    if (!f.empty()) return fail(f);
    rep.anchors.push_back(summary);
  }
  for (const auto& w : options.witness_keys) {
    std::string summary;
    std::string f = CheckWitnessKey(w, *checkpoints, &summary);
    if (!f.empty()) return fail(f);
    rep.anchors.push_back(summary);
  }

  // The replayed tables against the live ones.
  if (!fold.replay_fault().empty()) return fail(fold.replay_fault());
  SABT_RETURN_IF_ERROR((*wtx)->Commit());
  wtx->reset();
  auto rtx = (*replay)->Read();
  if (!rtx.ok()) return rtx.status();
  auto table_fault = CompareTables(tx, **rtx, fold.series(), progress, &rep);
  if (!table_fault.ok()) return table_fault.status();
  if (!table_fault->empty()) return fail(*table_fault);
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
