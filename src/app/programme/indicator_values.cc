#include "app/programme/indicator_values.h"

#include <map>
#include <string>

#include "app/stats/counter_reader.h"
#include "domain/deadline.h"
#include "domain/programme/indicator_formula.h"
#include "domain/stats/contributions.h"

namespace sabt::app::programme {

int CurrentMonth(App& app) {
  return static_cast<int>(domain::stats::MonthOfDay(domain::LocalDay(app.clock().NowMillis())));
}

Result<std::vector<IndicatorMonth>> IndicatorSeries(App& app, const nlohmann::json& indicator, int last_month,
                                                    int months) {
  auto formula = domain::programme::Formula::Parse(indicator.value("formula", std::string()));
  if (!formula.ok()) return formula.status();
  stats::MonthRange range{last_month, last_month};
  for (int i = 1; i < months; ++i) range.from = range.from % 100 == 1 ? (range.from / 100 - 1) * 100 + 12 : range.from - 1;
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto snap = app.catalog().Get();
  std::vector<std::string> roots;  // the whole register: every top-level department
  for (const auto& [dept, depth] : snap->tree.Ordered())
    if (depth == 0) roots.push_back(dept->code);
  stats::CounterReader reader(**tx, snap->tree);

  std::vector<IndicatorMonth> out;
  for (int month : stats::MonthsOf(range)) {
    Status failed;
    auto lookup = [&](const std::string& name) -> std::optional<double> {
      const bool distinct = name.rfind("distinct(", 0) == 0 && name.back() == ')';
      const std::string counter = distinct ? name.substr(9, name.size() - 10) : name;
      double total = 0;
      for (const auto& root : roots) {
        if (distinct) {
          auto by = reader.ByName(counter, root, {month, month});
          if (!by.ok()) { failed = by.status(); return std::nullopt; }
          for (const auto& [n, v] : *by) total += v != 0 ? 1 : 0;
        } else {
          auto sum = reader.Sum(counter, root, {month, month});
          if (!sum.ok()) { failed = sum.status(); return std::nullopt; }
          total += static_cast<double>(*sum);
        }
      }
      return total;
    };
    IndicatorMonth m{month, formula->Evaluate(lookup)};
    if (!failed.ok()) return failed;
    out.push_back(m);
  }
  return out;
}

}  // namespace sabt::app::programme
