#include "journal/appender.h"

#include "util/clock.h"
#include "util/hex.h"
#include "util/jcs.h"
#include "util/random.h"

namespace sabt::journal {

Hash PayloadCommitment(const std::string& salt, const std::string& payload_bytes) {
  Sha256Hasher h;
  h.Update(salt);
  h.Update(payload_bytes);
  return h.Final();
}

Result<std::string> CanonicalEntry(const std::string& origin, int64_t seq, const NewEntry& e,
                                   const std::optional<std::string>& commitment_hex) {
  nlohmann::json header = {
      {"v", 1},
      {"origin", origin},
      {"seq", seq},
      {"at", FormatRfc3339Millis(e.at_ms)},
      {"actor", e.actor},
      {"kind", e.kind},
      {"subject", e.subject},
      {"data", e.data.is_null() ? nlohmann::json::object() : e.data},
  };
  if (commitment_hex) header["payload"] = *commitment_hex;
  return Canonicalize(header);
}

Result<Appender> Appender::Load(store::ReadTx& tx, std::string origin) {
  Appender a;
  a.origin_ = std::move(origin);
  auto size = tx.JournalSize();
  if (!size.ok()) return size.status();
  NodeFetcher fetch = [&tx](int level, uint64_t idx) -> Result<Hash> {
    auto h = tx.MerkleNode(level, static_cast<int64_t>(idx));
    if (!h.ok()) return h.status();
    if (!h->has_value())
      return Status::Corruption("missing Merkle node level " + std::to_string(level) + " index " +
                                std::to_string(idx));
    return **h;
  };
  auto range = CompactRange::FromFetcher(static_cast<uint64_t>(*size), fetch);
  if (!range.ok()) return range.status();
  a.state_.range = std::move(*range);
  auto seq = tx.LastSeq(a.origin_);
  if (!seq.ok()) return seq.status();
  a.state_.next_seq = *seq + 1;
  return a;
}

Result<Appended> Appender::Append(store::WriteTx& tx, const NewEntry& e) {
  std::optional<std::string> commitment;
  store::PayloadRow payload;
  if (e.payload) {
    auto body = Canonicalize(*e.payload);
    if (!body.ok()) return body.status();
    payload.salt = RandomBytes(32);
    payload.body = std::move(*body);
    commitment = HashHex(PayloadCommitment(payload.salt, payload.body));
  }
  Appended out;
  out.seq = state_.next_seq;
  out.index = size();
  auto bytes = CanonicalEntry(origin_, out.seq, e, commitment);
  if (!bytes.ok()) return bytes.status();
  out.entry = std::move(*bytes);
  out.leaf_hash = LeafHash(out.entry);

  store::EntryRow row;
  row.idx = out.index;
  row.origin = origin_;
  row.seq = out.seq;
  row.kind = e.kind;
  row.subject = e.subject;
  row.at = FormatRfc3339Millis(e.at_ms);
  row.entry = out.entry;
  row.leaf_hash = out.leaf_hash;
  payload.idx = out.index;
  SABT_RETURN_IF_ERROR(tx.AppendEntry(row, e.payload ? &payload : nullptr));
  if (e.payload) out.payload = payload.body;

  std::vector<CompletedNode> completed;
  state_.range.Append(out.leaf_hash, &completed);
  for (const auto& [level, idx, hash] : completed)
    SABT_RETURN_IF_ERROR(tx.PutMerkleNode(level, static_cast<int64_t>(idx), hash));
  ++state_.next_seq;
  return out;
}

Result<Appended> Appender::AppendForeign(store::WriteTx& tx, store::EntryRow row, const store::PayloadRow* payload) {
  if (row.origin == origin_) return Status::Invalid("a foreign entry cannot carry this node's origin");
  Appended out;
  out.index = size();
  out.seq = row.seq;
  out.entry = row.entry;
  out.leaf_hash = LeafHash(row.entry);
  row.idx = out.index;
  row.leaf_hash = out.leaf_hash;
  store::PayloadRow p;
  if (payload) {
    p = *payload;
    p.idx = out.index;
    out.payload = p.body;
  }
  SABT_RETURN_IF_ERROR(tx.AppendEntry(row, payload ? &p : nullptr));
  std::vector<CompletedNode> completed;
  state_.range.Append(out.leaf_hash, &completed);
  for (const auto& [level, idx, hash] : completed)
    SABT_RETURN_IF_ERROR(tx.PutMerkleNode(level, static_cast<int64_t>(idx), hash));
  return out;
}

Status Appender::WriteTreeHead(store::WriteTx& tx, int64_t at_ms) {
  store::TreeHead h;
  h.size = size();
  h.root = root();
  h.at = FormatRfc3339Millis(at_ms);
  return tx.PutTreeHead(h);
}

}  // namespace sabt::journal
