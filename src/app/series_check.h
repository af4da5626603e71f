// Registration numbers, read from the journal itself: every series (appeals
// "<dept>", crime reports "KUSP-<dept>", criminal cases "CASE-<dept>") must
// run 1, 2, 3, … per year without a gap and without a number used twice.
// Independent of the tables, so a tampered table cannot hide a fault.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace sabt::app {

// OK, or kCorruption naming the series, the number and the entries involved.
Status CheckSeriesInJournal(store::ReadTx& tx);

// The same check fed entry by entry in journal order (verify's single pass
// feeds it the data it has already parsed).
class SeriesCollector {
 public:
  // Remembers the first entry of a numbered kind without series, year and n.
  void Add(const std::string& kind, int64_t idx, const nlohmann::json& data);
  // That fault if any, else the first gap or duplicate.
  Status Check();

 private:
  std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> series_;  // "series/year" → (n, entry index)
  Status first_fault_;
};

}  // namespace sabt::app
