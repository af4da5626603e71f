// Appends entries to the journal inside the writer's transaction, keeping the
// Merkle frontier (CompactRange) in memory so each append costs O(1)
// amortised hashes and stores every completed full-subtree hash.
//
// Thread-safety: used only by the writer thread. The writer snapshots the
// state before each command and restores it when the command's savepoint is
// rolled back, and before the batch when the commit fails.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "journal/merkle.h"
#include "store/store.h"

namespace sabt::journal {

struct NewEntry {
  std::string kind, subject, actor;
  int64_t at_ms = 0;
  nlohmann::json data = nlohmann::json::object();
  std::optional<nlohmann::json> payload;  // personal data / free text
};

struct Appended {
  int64_t index = 0;
  int64_t seq = 0;
  Hash leaf_hash{};
  std::string entry;    // canonical bytes
  std::string payload;  // canonical payload bytes; empty when the entry has none
};

class Appender {
 public:
  struct State {
    CompactRange range;
    int64_t next_seq = 1;
  };

  // Loads the frontier from the stored full-subtree hashes (O(log n) reads).
  static Result<Appender> Load(store::ReadTx& tx, std::string origin);

  Result<Appended> Append(store::WriteTx& tx, const NewEntry& e);
  // Appends an entry another node wrote (sync, docs/sync-protocol.md §4):
  // its exact bytes, origin and seq, and its salted payload as received.
  // `row.idx` and `row.leaf_hash` are filled in here; the caller has checked
  // the bytes. An entry of this node's own origin is refused.
  Result<Appended> AppendForeign(store::WriteTx& tx, store::EntryRow row, const store::PayloadRow* payload);
  // Records the tree head (size, root) in the same transaction.
  Status WriteTreeHead(store::WriteTx& tx, int64_t at_ms);

  const State& state() const { return state_; }
  void Restore(const State& s) { state_ = s; }
  const std::string& origin() const { return origin_; }
  int64_t size() const { return static_cast<int64_t>(state_.range.size()); }
  Hash root() const { return state_.range.Root(); }

 private:
  std::string origin_;
  State state_;
};

// Builds the canonical entry bytes for a header (exposed for verify and tests).
Result<std::string> CanonicalEntry(const std::string& origin, int64_t seq, const NewEntry& e,
                                   const std::optional<std::string>& commitment_hex);
// SHA-256(salt ‖ payload bytes).
Hash PayloadCommitment(const std::string& salt, const std::string& payload_bytes);

}  // namespace sabt::journal
