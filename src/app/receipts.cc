#include "app/receipts.h"

#include <sodium.h>

#include <cctype>

#include "app/log.h"
#include "domain/number.h"
#include "journal/checkpoint.h"
#include "util/clock.h"
#include "util/sha256.h"

namespace sabt::app {
namespace {

// Upper-case, without spaces and dashes: "n37j mmke" == "N37J-MMKE".
std::string NormalCode(const std::string& code) {
  std::string out;
  for (unsigned char c : code) {
    if (c == ' ' || c == '-') continue;
    out.push_back(static_cast<char>(std::toupper(c)));
  }
  return out.substr(0, 32);
}

bool SameCode(const std::string& a, const std::string& b) {
  // Fixed-size buffers so the comparison time does not depend on lengths.
  char x[32] = {0}, y[32] = {0};
  a.copy(x, sizeof x);
  b.copy(y, sizeof y);
  bool eq = sodium_memcmp(x, y, sizeof x) == 0;
  return eq && !a.empty() && a.size() == b.size();
}

}  // namespace

Result<ReceiptInfo> LookupReceipt(App& app, const std::string& number, const std::string& code, bool with_entry) {
  const Status not_found = Status::NotFound("no receipt with that number and code");
  std::string given = NormalCode(code);
  std::optional<store::AppealRow> row;
  std::optional<store::EntryRow> entry;
  if (domain::ParseNumber(number)) {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto a = (*tx)->AppealByNumber(number);
    if (!a.ok()) return a.status();
    row = *a;
    if (row && with_entry) {
      auto e = (*tx)->Entry(row->entry_idx);
      if (e.ok() && e->has_value()) entry = **e;
    }
  }
  std::string expected = row ? NormalCode(row->verification_code) : std::string("UNKNOWNNUMBER000");
  bool match = SameCode(given, expected);
  if (!row || (with_entry && !entry) || !match) return not_found;
  ReceiptInfo r;
  r.number = row->number;
  r.status = row->status;
  r.received_at = row->received_at;
  r.department = row->department;
  r.response_due = row->due_day > 0 ? FormatDay(row->due_day) : std::string();
  r.closed_at = row->closed_at;
  r.entry_index = row->entry_idx;
  if (entry) r.leaf_hash_hex = HashHex(entry->leaf_hash);
  return r;
}

nlohmann::json ReceiptJson(const ReceiptInfo& r) {
  return {{"number", r.number},
          {"status", r.status},
          {"received_at", r.received_at},
          {"department", r.department},
          {"entry", {{"index", r.entry_index}, {"leaf_hash", r.leaf_hash_hex}}}};
}

ReceiptCheck CheckReceiptHere(App& app, const std::string& number, const std::string& code,
                              const std::string& leaf_hex) {
  ReceiptCheck out;
  auto rec = LookupReceipt(app, number, code);
  out.steps.emplace_back(rec.ok(), number);
  if (!rec.ok() || !app.key()) return out;
  out.status = rec->status;
  auto tx = app.store().Read();
  if (!tx.ok()) return out;
  auto c = (*tx)->LatestCheckpoint();
  if (!c.ok() || !c->has_value()) {
    out.steps.emplace_back(false, "checkpoint");
    return out;
  }
  auto cp = VerifyNote((*c)->note, app.key()->name, app.key()->key.public_key());
  out.steps.emplace_back(cp.ok(), "Ed25519 " + app.key()->name);
  if (!cp.ok()) return out;
  out.origin = cp->origin;
  out.size = static_cast<int64_t>(cp->size);
  out.checkpoint_time = (*c)->at;
  std::string given = leaf_hex;
  for (auto& ch : given) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto leaf = HashFromHex(given.empty() ? rec->leaf_hash_hex : given);
  auto proof = InclusionProofAt(**tx, rec->entry_index, out.size);
  bool included = leaf.ok() && proof.ok() &&
                  VerifyInclusion(static_cast<uint64_t>(rec->entry_index), cp->size, *leaf, *proof, cp->root);
  out.steps.emplace_back(included, "RFC 9162 #" + std::to_string(rec->entry_index) + " / " + std::to_string(out.size));
  out.ok = included;
  return out;
}

}  // namespace sabt::app
