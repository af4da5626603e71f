// The public receipt check (docs/verification.md §4): number + verification
// code → status and the registering entry. A wrong code, an unknown number
// and a malformed number all give the same kNotFound; the code comparison is
// constant-time. The answer never names a person or quotes text.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "app/app.h"

namespace sabt::app {

struct ReceiptInfo {
  std::string number, status, received_at, department, response_due, closed_at;
  int64_t entry_index = 0;
  std::string leaf_hash_hex;
};

// with_entry = false skips the journal read (entry_index and leaf_hash_hex
// stay empty): the status answers do not show them.
Result<ReceiptInfo> LookupReceipt(App& app, const std::string& number, const std::string& code,
                                  bool with_entry = true);
nlohmann::json ReceiptJson(const ReceiptInfo& r);

// The same checks the /verify page's script makes, done by the server on its
// own data: receipt lookup, checkpoint signature, inclusion proof of the
// receipt's entry (with the leaf hash printed on the receipt, when given).
struct ReceiptCheck {
  bool ok = false;
  std::string status, origin, checkpoint_time;
  int64_t size = 0;
  std::vector<std::pair<bool, std::string>> steps;  // (passed, what)
};
ReceiptCheck CheckReceiptHere(App& app, const std::string& number, const std::string& code,
                              const std::string& leaf_hex);

}  // namespace sabt::app
