#include "app/verify/entry_check.h"

#include "app/verify/fast_entry.h"

#include "journal/appender.h"
#include "journal/merkle.h"
#include "util/hex.h"
#include "util/jcs.h"

namespace sabt::app::verify {
namespace {

std::string At(int64_t idx) { return "entry " + std::to_string(idx) + ": "; }

// The full parse: authoritative, and the only path for unusual entries.
bool SlowParse(ScannedEntry& s) {
  const store::EntryRow& e = s.row;
  auto j = nlohmann::json::parse(e.entry, nullptr, false);
  if (j.is_discarded()) {
    s.pre_fault = At(e.idx) + "is not JSON";
    return false;
  }
  auto canon = Canonicalize(j);
  if (!canon.ok() || *canon != e.entry) {
    s.pre_fault = At(e.idx) + "is not in canonical form";
    return false;
  }
  s.commitment = j.is_object() ? j.value("payload", std::string()) : std::string();
  auto view = EntryFromJson(std::move(j), e.idx);
  if (!view.ok()) {
    s.pre_fault = view.status().message();
    return false;
  }
  s.view = std::move(*view);
  return true;
}

void Check(ScannedEntry& s) {
  const store::EntryRow& e = s.row;
  if (!FastEntry(e.entry, e.idx, &s.view, &s.commitment) && !SlowParse(s)) return;
  if (s.view.origin != e.origin || s.view.seq != e.seq || s.view.kind != e.kind || s.view.subject != e.subject) {
    s.pre_fault = At(e.idx) + "indexed columns differ from the entry bytes";
    return;
  }
  s.leaf = LeafHash(e.entry);
  if (s.has_payload) {
    if (!s.commitment.empty())
      s.commitment_ok = HashHex(journal::PayloadCommitment(s.payload.salt, s.payload.body)) == s.commitment;
    auto pj = nlohmann::json::parse(s.payload.body, nullptr, false);
    if (pj.is_discarded()) {
      s.payload_not_json = true;
    } else {
      s.payload_json = std::move(pj);
    }
  }
}

}  // namespace

void CheckEntry(ScannedEntry& s) {
  try {
    Check(s);
  } catch (const std::exception& ex) {  // a field of an unexpected JSON type
    s.pre_fault = At(s.row.idx) + "malformed entry (" + ex.what() + ")";
  }
}

}  // namespace sabt::app::verify
