#include "app/receipts.h"

#include <cctype>

#include "app/log.h"
#include "domain/number.h"
#include "journal/checkpoint.h"
#include "journal/cosignature.h"
#include "store/public_status_tx.h"
#include "util/clock.h"
#include "util/secret_code.h"
#include "util/sha256.h"

namespace sabt::app {

std::string CrimePublicStatus(const std::string& s) {
  if (s == "refused") return "refused";
  if (s == "transfer_pending" || s == "transferred") return "transferred";
  if (s == "case_opened" || s == "joined") return "case_opened";
  return "checking";  // checking, and a refusal not yet approved
}

namespace {

bool IsCrimeReportNumber(const std::string& number) { return number.rfind("KUSP-", 0) == 0; }

// The code given against the stored one, in constant time; with nothing
// stored (unknown number) a dummy is compared, so both take the same time.
bool CodeMatches(const std::string& given, const std::string* stored) {
  std::string expected = stored && !stored->empty() ? NormalSecretCode(*stored) : std::string("UNKNOWNNUMBER000");
  return SameSecretCode(given, expected);
}

// A crime report by its number and the reporter's receipt code. The same
// constant-time comparison as an appeal's; reports without a code (from a
// referral or a transfer) never match.
Result<ReceiptInfo> LookupCrimeReceipt(App& app, const std::string& number, const std::string& given,
                                       bool with_entry) {
  const Status not_found = Status::NotFound("no receipt with that number and code");
  std::optional<store::CrimeRecordRow> row;
  std::optional<store::EntryRow> entry;
  std::string stored;
  if (domain::ParseNumber(number)) {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    store::CrimeQuery q;
    q.number = number;
    q.limit = 1;
    auto rows = (*tx)->CrimeRecords(q);
    if (!rows.ok()) return rows.status();
    if (!rows->empty()) {
      row = rows->front();
      auto doc = nlohmann::json::parse(row->doc, nullptr, false);
      if (doc.is_object() && doc.contains("verification_code") && doc["verification_code"].is_string())
        stored = doc["verification_code"].get<std::string>();
      if (with_entry) {
        auto e = (*tx)->Entry(row->entry_idx);
        if (e.ok() && e->has_value()) entry = **e;
      }
    }
  }
  bool match = CodeMatches(given, &stored);
  if (!row || stored.empty() || (with_entry && !entry) || !match) return not_found;
  auto doc = nlohmann::json::parse(row->doc, nullptr, false);
  ReceiptInfo r;
  r.kind = "crime_report";
  r.number = row->number;
  r.status = CrimePublicStatus(row->status);
  r.received_at = doc.value("received_at", std::string());
  r.department = row->department;
  if (r.status == "checking" && row->due_day > 0) r.response_due = FormatDay(row->due_day);
  r.entry_index = row->entry_idx;
  if (entry) {
    r.leaf_hash_hex = HashHex(entry->leaf_hash);
    r.entry_bytes = entry->entry;
  }
  return r;
}

// The status answers: the appeal's public fields only (no person, officer
// or text is read), one indexed look-up.
Result<ReceiptInfo> LookupAppealStatus(App& app, const std::string& number, const std::string& given) {
  std::optional<store::PublicStatusRow> row;
  if (domain::ParseNumber(number)) {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto reads = store::PublicStatusReadsOf(**tx);
    if (!reads.ok()) return reads.status();
    auto a = (*reads)->PublicStatusByNumber(number);
    if (!a.ok()) return a.status();
    row = std::move(*a);
  }
  bool match = CodeMatches(given, row ? &row->verification_code : nullptr);
  if (!row || !match) return Status::NotFound("no receipt with that number and code");
  ReceiptInfo r;
  r.number = std::move(row->number);
  r.status = std::move(row->status);
  r.received_at = std::move(row->received_at);
  r.department = std::move(row->department);
  r.response_due = row->due_day > 0 ? FormatDay(row->due_day) : std::string();
  r.closed_at = std::move(row->closed_at);
  return r;
}

}  // namespace

Result<ReceiptInfo> LookupReceipt(App& app, const std::string& number, const std::string& code, bool with_entry) {
  const Status not_found = Status::NotFound("no receipt with that number and code");
  std::string given = NormalSecretCode(code);
  if (IsCrimeReportNumber(number)) return LookupCrimeReceipt(app, number, given, with_entry);
  if (!with_entry) return LookupAppealStatus(app, number, given);
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
  bool match = CodeMatches(given, row ? &row->verification_code : nullptr);
  if (!row || (with_entry && !entry) || !match) return not_found;
  ReceiptInfo r;
  r.number = row->number;
  r.status = row->status;
  r.received_at = row->received_at;
  r.department = row->department;
  r.response_due = row->due_day > 0 ? FormatDay(row->due_day) : std::string();
  r.closed_at = row->closed_at;
  r.entry_index = row->entry_idx;
  if (entry) {
    r.leaf_hash_hex = HashHex(entry->leaf_hash);
    r.entry_bytes = entry->entry;
  }
  return r;
}

nlohmann::json ReceiptJson(const ReceiptInfo& r) {
  return {{"number", r.number},
          {"kind", r.kind},
          {"status", r.status},
          {"received_at", r.received_at},
          {"department", r.department},
          {"entry", {{"index", r.entry_index}, {"leaf_hash", r.leaf_hash_hex}, {"bytes", r.entry_bytes}}}};
}

std::vector<WitnessInfo> ConfiguredWitnesses(const NodeConfig& cfg) {
  std::vector<WitnessInfo> out;
  if (cfg.witness_key.empty()) return out;
  auto k = ParseVerifierKey(cfg.witness_key);
  if (!k.ok()) return out;
  out.push_back({k->name, cfg.witness_key, cfg.witness_label.empty() ? k->name : cfg.witness_label,
                 KeyFingerprint(k->public_key)});
  return out;
}

nlohmann::json WitnessesJson(const std::vector<WitnessInfo>& w) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& x : w)
    a.push_back({{"name", x.name}, {"key", x.verifier_key}, {"label", x.label}, {"fingerprint", x.fingerprint}});
  return a;
}

ReceiptCheck CheckReceiptHere(App& app, const std::string& code, const ReceiptClaim& claim) {
  ReceiptCheck out;
  out.number = claim.number;
  auto say = [&out](bool ok, const char* id, std::string detail) {
    out.steps.push_back({ok, id, std::move(detail)});
    return ok;
  };
  auto rec = LookupReceipt(app, claim.number, code);
  if (!say(rec.ok(), "receipt", claim.number) || !app.key()) return out;
  out.status = rec->status;
  out.kind = rec->kind;
  const auto& pub = app.key()->key.public_key();
  out.key_fingerprint = KeyFingerprint(pub);
  Status pin = CheckKeyPin(claim, pub);
  if (!say(pin.ok(), "key", FormatFingerprint(out.key_fingerprint) + (pin.ok() ? "" : ": " + pin.message())))
    return out;
  Hash leaf{};
  Status bound = CheckEntryBinding(claim, rec->entry_bytes, rec->entry_index, rec->leaf_hash_hex, &leaf);
  if (!say(bound.ok(), "entry", "#" + std::to_string(rec->entry_index) + " " + HashHex(leaf) +
                                    (bound.ok() ? "" : ": " + bound.message())))
    return out;
  auto tx = app.store().Read();
  if (!tx.ok()) return out;
  auto c = (*tx)->LatestCheckpoint();
  if (!c.ok() || !c->has_value()) {
    say(false, "checkpoint", "no checkpoint yet");
    return out;
  }
  VerifierKey vk{app.key()->name, NoteKeyId(app.key()->name, pub), pub};
  auto cp = OpenTimedCheckpoint((*c)->note, vk);
  if (!say(cp.ok(), "checkpoint", "Ed25519 " + app.key()->name + (cp.ok() ? "" : ": " + cp.status().message())))
    return out;
  out.origin = cp->checkpoint.origin;
  out.size = static_cast<int64_t>(cp->checkpoint.size);
  out.signed_time = cp->signed_time;
  auto proof = InclusionProofAt(**tx, rec->entry_index, out.size, &app.merkle_cache());
  bool included = proof.ok() && VerifyInclusion(static_cast<uint64_t>(rec->entry_index), cp->checkpoint.size, leaf,
                                                *proof, cp->checkpoint.root);
  say(included, "inclusion", "RFC 9162 #" + std::to_string(rec->entry_index) + " / " + std::to_string(out.size));
  out.ok = included;
  if (!included) return out;
  for (const auto& w : ConfiguredWitnesses(app.config())) {
    auto k = ParseVerifierKey(w.verifier_key);
    // The node's own time line is by its own key: a "witness" with that key
    // witnesses nothing.
    if (!k.ok() || k->public_key == pub) continue;
    auto ts = VerifyCosignature((*c)->note, k->name, k->public_key);
    say(ts.ok(), "witness", w.label + " " + FormatFingerprint(w.fingerprint));
    if (ts.ok()) out.witnesses.push_back({w.label, w.name, w.fingerprint, *ts});
  }
  return out;
}

}  // namespace sabt::app
