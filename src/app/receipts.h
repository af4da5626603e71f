// The public receipt check (docs/verification.md §4): number + verification
// code → status and the registering entry. A wrong code, an unknown number
// and a malformed number all give the same kNotFound; the code comparison is
// constant-time. The answer never names a person or quotes text.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "app/app.h"

namespace sabt::app {

struct ReceiptInfo {
  std::string number, status, received_at, department;
  int64_t entry_index = 0;
  std::string leaf_hash_hex;
};

Result<ReceiptInfo> LookupReceipt(App& app, const std::string& number, const std::string& code);
nlohmann::json ReceiptJson(const ReceiptInfo& r);

}  // namespace sabt::app
