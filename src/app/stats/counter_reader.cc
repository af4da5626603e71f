#include "app/stats/counter_reader.h"

#include "store/stats_tx.h"

namespace sabt::app::stats {
namespace {

Result<domain::DepartmentTree> TreeOf(store::ReadTx& tx) {
  auto deps = tx.Departments();
  if (!deps.ok()) return deps.status();
  return domain::DepartmentTree::Build(std::move(*deps));
}

}  // namespace

std::vector<int> MonthsOf(MonthRange range) {
  std::vector<int> out;
  int m = range.from;
  for (int guard = 0; m <= range.to && guard < 1200; ++guard) {
    out.push_back(m);
    m = (m % 100 == 12) ? (m / 100 + 1) * 100 + 1 : m + 1;
  }
  return out;
}

MonthRange YearBefore(MonthRange range) { return {range.from - 100, range.to - 100}; }

Result<std::vector<store::StatRow>> CounterReader::Raw(std::string_view name, std::string_view root, bool days,
                                                        int64_t from, int64_t to) {
  store::StatQuery q;
  q.name = std::string(name);
  if (q.name.size() >= 2 && q.name.compare(q.name.size() - 2, 2, ".*") == 0) {
    q.name.pop_back();  // keep the dot: "a.b." is the prefix
    q.prefix = true;
  }
  q.departments = tree_.Subtree(root);
  if (q.departments.empty()) return std::vector<store::StatRow>();
  q.days = days;
  q.from = from;
  q.to = to;
  store::StatsReader* stats = store::StatsOf(tx_);
  if (!stats) return store::NoStats();
  return stats->StatCounters(q);
}

Result<int64_t> CounterReader::Sum(std::string_view name, std::string_view root, MonthRange range) {
  auto rows = Raw(name, root, false, range.from, range.to);
  if (!rows.ok()) return rows.status();
  int64_t sum = 0;
  for (const auto& r : *rows) sum += r.value;
  return sum;
}

Result<std::vector<std::pair<int, int64_t>>> CounterReader::MonthSeries(std::string_view name, std::string_view root,
                                                                        MonthRange range) {
  auto rows = Raw(name, root, false, range.from, range.to);
  if (!rows.ok()) return rows.status();
  std::map<int, int64_t> by;
  for (int m : MonthsOf(range)) by[m] = 0;
  for (const auto& r : *rows) by[static_cast<int>(r.period)] += r.value;
  return std::vector<std::pair<int, int64_t>>(by.begin(), by.end());
}

Result<std::map<std::string, int64_t>> CounterReader::ByName(std::string_view name, std::string_view root,
                                                             MonthRange range) {
  auto rows = Raw(name, root, false, range.from, range.to);
  if (!rows.ok()) return rows.status();
  std::map<std::string, int64_t> out;
  for (const auto& r : *rows) out[r.name] += r.value;
  return out;
}

Result<std::map<std::string, int64_t>> CounterReader::ByDepartment(std::string_view name, std::string_view root,
                                                                   MonthRange range) {
  auto rows = Raw(name, root, false, range.from, range.to);
  if (!rows.ok()) return rows.status();
  std::map<std::string, int64_t> out;
  for (const auto& r : *rows) out[r.department] += r.value;
  return out;
}

Result<int64_t> CounterReader::SumDays(std::string_view name, std::string_view root, int64_t from_day,
                                       int64_t to_day) {
  auto rows = Raw(name, root, true, from_day, to_day);
  if (!rows.ok()) return rows.status();
  int64_t sum = 0;
  for (const auto& r : *rows) sum += r.value;
  return sum;
}

Result<std::map<std::string, int64_t>> CounterReader::ByDepartmentDays(std::string_view name, std::string_view root,
                                                                       int64_t from_day, int64_t to_day) {
  auto rows = Raw(name, root, true, from_day, to_day);
  if (!rows.ok()) return rows.status();
  std::map<std::string, int64_t> out;
  for (const auto& r : *rows) out[r.department] += r.value;
  return out;
}

Result<int64_t> Sum(store::Store& store, std::string_view name, std::string_view root, MonthRange range) {
  auto tx = store.Read();
  if (!tx.ok()) return tx.status();
  auto tree = TreeOf(**tx);
  if (!tree.ok()) return tree.status();
  return CounterReader(**tx, *tree).Sum(name, root, range);
}

Result<std::vector<std::pair<int, int64_t>>> MonthSeries(store::Store& store, std::string_view name,
                                                         std::string_view root, MonthRange range) {
  auto tx = store.Read();
  if (!tx.ok()) return tx.status();
  auto tree = TreeOf(**tx);
  if (!tree.ok()) return tree.status();
  return CounterReader(**tx, *tree).MonthSeries(name, root, range);
}

}  // namespace sabt::app::stats
