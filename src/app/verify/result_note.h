// The stored verify result (docs/journal-format.md §6.2): a C2SP signed note
// by the node key, kept in the table verify_results.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "journal/node_key.h"
#include "util/sha256.h"
#include "util/status.h"

namespace sabt::app::verify {

struct VerifyResult {
  std::string origin;  // the key name
  int64_t size = 0;
  Hash root{};
  int64_t since = -1;  // -1: full verify
  std::string at;      // RFC 3339 UTC
  std::map<std::string, int64_t> last_seq;
  std::vector<std::string> keys;  // verifier key strings, journal order
};

std::string ResultText(const VerifyResult& r);
Result<std::string> SignResult(const VerifyResult& r, const journal::NodeKey& key);
// Invalid when the signature does not verify with `key` or the text is not
// a verify result.
Result<VerifyResult> OpenResult(const std::string& note, const journal::NodeKey& key);

}  // namespace sabt::app::verify
