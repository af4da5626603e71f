// The public receipt check (docs/verification.md §4): number + verification
// code → status and the registering entry. A wrong code, an unknown number
// and a malformed number all give the same kNotFound; the code comparison is
// constant-time. The answer never names a person or quotes text.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/app.h"
#include "journal/receipt_proof.h"

namespace sabt::app {

struct ReceiptInfo {
  std::string kind = "appeal";  // appeal | crime_report
  // For a crime report, `status` is its public stage (CrimePublicStatus).
  std::string number, status, received_at, department, response_due, closed_at;
  int64_t entry_index = 0;
  std::string leaf_hash_hex;
  std::string entry_bytes;  // the registering entry's canonical header (no payload)
};

// with_entry = false skips the journal read (entry_index, leaf_hash_hex and
// entry_bytes stay empty): the status answers do not show them, and for an
// appeal only its public fields are read (store/public_status_tx.h).
Result<ReceiptInfo> LookupReceipt(App& app, const std::string& number, const std::string& code,
                                  bool with_entry = true);
nlohmann::json ReceiptJson(const ReceiptInfo& r);

// A crime report's state as the reporter may know it (docs/api.md "Public"):
// checking | refused | transferred | case_opened.
std::string CrimePublicStatus(const std::string& report_status);

// The witnesses this node's checkpoints are countersigned by, as configured
// out of band (--witness-key, --witness-label): GET /log/witnesses.
struct WitnessInfo {
  std::string name, verifier_key, label, fingerprint;
};
std::vector<WitnessInfo> ConfiguredWitnesses(const NodeConfig& cfg);
nlohmann::json WitnessesJson(const std::vector<WitnessInfo>& w);

// The same checks the /verify page's script makes (docs/verification.md §4),
// done by the server on its own data, bound to what the receipt printed
// (claim: number, index, leaf hash, key fingerprint).
struct ReceiptStep {
  bool ok = false;
  std::string id;      // receipt | key | entry | checkpoint | inclusion | witness
  std::string detail;  // technical detail (hashes, sizes), not translated
};
struct WitnessSeen {
  std::string label, name, fingerprint;
  uint64_t time = 0;
};
struct ReceiptCheck {
  bool ok = false;
  std::string kind;  // appeal | crime_report (as ReceiptInfo)
  std::string status, number, origin, key_fingerprint;
  int64_t size = 0;
  std::optional<uint64_t> signed_time;  // the node's signed checkpoint time (s)
  std::vector<WitnessSeen> witnesses;   // those whose cosignature verified
  std::vector<ReceiptStep> steps;
};
ReceiptCheck CheckReceiptHere(App& app, const std::string& code, const ReceiptClaim& claim);

}  // namespace sabt::app
