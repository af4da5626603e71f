#include "app/programme/indicator_values.h"

#include <map>
#include <string>

#include "domain/deadline.h"
#include "domain/programme/indicator_formula.h"
#include "domain/stats/contributions.h"

namespace sabt::app::programme {
namespace {

// The formula over the counters of `range`, summed over the subtrees of `roots`.
Result<std::optional<double>> Evaluate(stats::CounterReader& reader, const domain::programme::Formula& formula,
                                       const std::vector<std::string>& roots, stats::MonthRange range) {
  Status failed;
  auto lookup = [&](const std::string& name) -> std::optional<double> {
    const bool distinct = name.rfind("distinct(", 0) == 0 && name.back() == ')';
    const std::string counter = distinct ? name.substr(9, name.size() - 10) : name;
    double total = 0;
    for (const auto& root : roots) {
      if (distinct) {
        auto by = reader.ByName(counter, root, range);
        if (!by.ok()) { failed = by.status(); return std::nullopt; }
        for (const auto& [n, v] : *by) total += v != 0 ? 1 : 0;
      } else {
        auto sum = reader.Sum(counter, root, range);
        if (!sum.ok()) { failed = sum.status(); return std::nullopt; }
        total += static_cast<double>(*sum);
      }
    }
    return total;
  };
  std::optional<double> value = formula.Evaluate(lookup);
  if (!failed.ok()) return failed;
  return value;
}

// `root`, or every top-level department when empty (the whole register).
std::vector<std::string> Roots(const domain::DepartmentTree& tree, const std::string& root) {
  if (!root.empty()) return {root};
  std::vector<std::string> roots;
  for (const auto& [dept, depth] : tree.Ordered())
    if (depth == 0) roots.push_back(dept->code);
  return roots;
}

}  // namespace

int CurrentMonth(App& app) {
  return static_cast<int>(domain::stats::MonthOfDay(domain::LocalDay(app.clock().NowMillis())));
}

Result<std::vector<IndicatorMonth>> IndicatorSeries(App& app, const nlohmann::json& indicator, int last_month,
                                                    int months) {
  stats::MonthRange range{last_month, last_month};
  for (int i = 1; i < months; ++i) range.from = range.from % 100 == 1 ? (range.from / 100 - 1) * 100 + 12 : range.from - 1;
  auto ranges = IndicatorValues(app, indicator, "", [&] {
    std::vector<stats::MonthRange> v;
    for (int month : stats::MonthsOf(range)) v.push_back({month, month});
    return v;
  }());
  if (!ranges.ok()) return ranges.status();
  std::vector<IndicatorMonth> out;
  auto list = stats::MonthsOf(range);
  for (size_t i = 0; i < list.size(); ++i) out.push_back({list[i], (*ranges)[i]});
  return out;
}

Result<std::vector<std::optional<double>>> IndicatorValues(App& app, const nlohmann::json& indicator,
                                                           const std::string& root,
                                                           const std::vector<stats::MonthRange>& ranges) {
  auto formula = domain::programme::Formula::Parse(indicator.value("formula", std::string()));
  if (!formula.ok()) return formula.status();
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto snap = app.catalog().Get();
  stats::CounterReader reader(**tx, snap->tree);
  const std::vector<std::string> roots = Roots(snap->tree, root);
  std::vector<std::optional<double>> out;
  for (const auto& range : ranges) {
    auto v = Evaluate(reader, *formula, roots, range);
    if (!v.ok()) return v.status();
    out.push_back(*v);
  }
  return out;
}

}  // namespace sabt::app::programme
