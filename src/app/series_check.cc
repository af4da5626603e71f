#include "app/series_check.h"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

namespace sabt::app {

Status CheckSeriesInJournal(store::ReadTx& tx) {
  // Entry kinds that allocate a number; their data carries series, year, n.
  static const std::set<std::string> kNumbered = {"appeal.registered", "crime.registered", "crime.transfer_accepted",
                                                  "crime.case_opened"};
  std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> series;  // "series/year" → (n, entry index)
  Status scan = tx.ScanJournal(0, [&](const store::EntryRow& e, const store::PayloadRow*) -> Status {
    if (!kNumbered.count(e.kind)) return Status::Ok();
    auto j = nlohmann::json::parse(e.entry, nullptr, false);
    const auto& d = j.is_object() ? j.value("data", nlohmann::json::object()) : nlohmann::json::object();
    if (!d.contains("series") || !d["series"].is_string() || !d.contains("n") || !d["n"].is_number_integer() ||
        !d.contains("year") || !d["year"].is_number_integer())
      return Status::Corruption("entry " + std::to_string(e.idx) + ": " + e.kind + " without series, year and n");
    series[d["series"].get<std::string>() + "/" + std::to_string(d["year"].get<int64_t>())].emplace_back(
        d["n"].get<int64_t>(), e.idx);
    return Status::Ok();
  });
  if (!scan.ok()) return scan;
  for (auto& [key, nums] : series) {
    std::sort(nums.begin(), nums.end());
    int64_t expect = 1;
    for (size_t i = 0; i < nums.size(); ++i) {
      if (i > 0 && nums[i].first == nums[i - 1].first)
        return Status::Corruption("series " + key + ": number " + std::to_string(nums[i].first) +
                                  " is used twice (entries " + std::to_string(nums[i - 1].second) + " and " +
                                  std::to_string(nums[i].second) + ")");
      if (nums[i].first != expect)
        return Status::Corruption("series " + key + ": number " + std::to_string(expect) + " is missing");
      ++expect;
    }
  }
  return Status::Ok();
}

}  // namespace sabt::app
