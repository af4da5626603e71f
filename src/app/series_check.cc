#include "app/series_check.h"

#include <algorithm>
#include <set>

namespace sabt::app {

void SeriesCollector::Add(const std::string& kind, int64_t idx, const nlohmann::json& d) {
  // Entry kinds that allocate a number; their data carries series, year, n.
  static const std::set<std::string> kNumbered = {"appeal.registered", "crime.registered", "crime.transfer_accepted",
                                                  "crime.case_opened"};
  if (!first_fault_.ok() || !kNumbered.count(kind)) return;
  if (!d.is_object() || !d.contains("series") || !d["series"].is_string() || !d.contains("n") ||
      !d["n"].is_number_integer() || !d.contains("year") || !d["year"].is_number_integer()) {
    first_fault_ = Status::Corruption("entry " + std::to_string(idx) + ": " + kind + " without series, year and n");
    return;
  }
  series_[d["series"].get<std::string>() + "/" + std::to_string(d["year"].get<int64_t>())].emplace_back(
      d["n"].get<int64_t>(), idx);
}

Status SeriesCollector::Check() {
  if (!first_fault_.ok()) return first_fault_;
  for (auto& [key, nums] : series_) {
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

Status CheckSeriesInJournal(store::ReadTx& tx) {
  SeriesCollector c;
  Status scan = tx.ScanJournal(0, [&](const store::EntryRow& e, const store::PayloadRow*) -> Status {
    if (e.kind != "appeal.registered" && e.kind != "crime.registered" && e.kind != "crime.transfer_accepted" &&
        e.kind != "crime.case_opened")
      return Status::Ok();
    auto j = nlohmann::json::parse(e.entry, nullptr, false);
    c.Add(e.kind, e.idx, j.is_object() ? j.value("data", nlohmann::json::object()) : nlohmann::json::object());
    return Status::Ok();
  });
  if (!scan.ok()) return scan;
  return c.Check();
}

}  // namespace sabt::app
