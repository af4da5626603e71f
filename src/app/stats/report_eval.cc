#include "app/stats/report_eval.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

namespace sabt::app::stats {
namespace {

using domain::stats::Term;

// Raw counter rows of one term, fetched once per evaluation.
class TermCache {
 public:
  TermCache(CounterReader& r, std::string root, MonthRange now, int64_t today)
      : reader_(r), root_(std::move(root)), now_(now), today_(today) {}

  // Rows for the term: the period (before=false) or a year before.
  Result<const std::vector<store::StatRow>*> Rows(const Term& t, bool before) {
    std::string key = std::to_string(t.kind) + (before ? "b:" : "n:") + t.name;
    auto it = cache_.find(key);
    if (it != cache_.end()) return &it->second;
    auto fetch = [&]() -> Result<std::vector<store::StatRow>> {
      if (t.kind == Term::kConstant) return std::vector<store::StatRow>();
      if (t.kind == Term::kOverdue)
        return reader_.Raw(t.name, root_, true, std::numeric_limits<int64_t>::min() / 2, today_ - 1);
      MonthRange r = before ? YearBefore(now_) : now_;
      return reader_.Raw(t.name, root_, false, r.from, r.to);
    };
    auto rows = fetch();
    if (!rows.ok()) return rows.status();
    return &(cache_[key] = std::move(*rows));
  }

 private:
  CounterReader& reader_;
  std::string root_;
  MonthRange now_;
  int64_t today_;
  std::map<std::string, std::vector<store::StatRow>> cache_;
};

// One term over the departments `deps`.
int64_t TermValue(const Term& t, const std::vector<store::StatRow>& rows, const std::set<std::string>& deps) {
  if (t.kind == Term::kConstant) return t.constant;
  if (t.kind == Term::kDistinct) {
    std::map<std::string, int64_t> by_name;
    for (const auto& r : rows)
      if (deps.count(r.department)) by_name[r.name] += r.value;
    int64_t n = 0;
    for (const auto& [name, v] : by_name) n += v != 0;
    return n;
  }
  int64_t sum = 0;
  for (const auto& r : rows)
    if (deps.count(r.department)) sum += r.value;
  return sum;
}

Result<Cell> CellOf(TermCache& cache, const std::vector<Term>& terms, const std::set<std::string>& deps) {
  Cell c;
  bool now_only = false;
  int64_t before = 0;
  for (const auto& t : terms) {
    auto rows = cache.Rows(t, false);
    if (!rows.ok()) return rows.status();
    c.value += t.sign * TermValue(t, **rows, deps);
    if (t.kind == Term::kOverdue) {
      now_only = true;
      continue;
    }
    auto b = cache.Rows(t, true);
    if (!b.ok()) return b.status();
    before += t.sign * TermValue(t, **b, deps);
  }
  if (!now_only) c.before = before;
  return c;
}

}  // namespace

std::optional<double> Cell::ChangePct() const {
  if (suppressed || !before || *before == 0) return std::nullopt;
  return std::round(1000.0 * static_cast<double>(value - *before) / static_cast<double>(*before)) / 10.0;
}

std::optional<int> ParseMonth(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  int y = 0, m = 0;
  for (int i = 0; i < 4; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    y = y * 10 + (s[i] - '0');
  }
  for (int i = 5; i < 7; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    m = m * 10 + (s[i] - '0');
  }
  if (y < 1970 || y > 9999 || m < 1 || m > 12) return std::nullopt;
  return y * 100 + m;
}

std::string FormatMonth(int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", month / 100, month % 100);
  return buf;
}

Result<ReportResult> EvaluateReport(CounterReader& reader, const domain::DepartmentTree& tree, const ReportDef& def,
                                    const std::string& department, MonthRange range, int64_t today,
                                    const std::string& lang) {
  const domain::Department* root = tree.Find(department);
  if (!root) return Status::NotFound("no department " + department);
  ReportResult out;
  out.def = def;
  out.department = department;
  out.department_label = root->Name(lang);
  out.lang = lang;
  out.range = range;
  TermCache cache(reader, department, range, today);
  auto subtree = tree.Subtree(department);
  std::set<std::string> all(subtree.begin(), subtree.end());

  auto add_row = [&](std::string key, std::string label, bool total, const std::set<std::string>& deps,
                     const std::vector<std::string>* values) -> Status {
    ReportRow row{std::move(key), std::move(label), total, {}};
    for (const auto& col : def.columns) {
      auto terms = values ? domain::stats::ExpandRow(col.terms, *values) : col.terms;
      auto c = CellOf(cache, terms, deps);
      if (!c.ok()) return c.status();
      row.cells.push_back(*c);
    }
    out.rows.push_back(std::move(row));
    return Status::Ok();
  };

  const ColumnDef* chart = &def.columns.front();
  for (const auto& c : def.columns)
    if (c.id == def.chart_column) chart = &c;

  if (def.by_department) {
    for (const auto& [d, depth] : tree.Ordered()) {
      if (d->parent != department) continue;
      auto sub = tree.Subtree(d->code);
      std::set<std::string> deps(sub.begin(), sub.end());
      SABT_RETURN_IF_ERROR(add_row(d->code, d->Name(lang), false, deps, nullptr));
    }
    if (def.total) SABT_RETURN_IF_ERROR(add_row(department, root->Name(lang), true, all, nullptr));
  } else {
    std::vector<std::string> every;
    for (const auto& item : def.items) {
      SABT_RETURN_IF_ERROR(add_row(item.key, item.label.In(lang), false, all, &item.values));
      every.insert(every.end(), item.values.begin(), item.values.end());
    }
    if (def.total) SABT_RETURN_IF_ERROR(add_row("total", root->Name(lang), true, all, &every));
  }

  // Monthly lines of the chart column: one month at a time over the same rows.
  std::vector<Term> chart_terms = chart->terms;
  if (!def.by_department) {
    std::vector<std::string> every;
    for (const auto& item : def.items) every.insert(every.end(), item.values.begin(), item.values.end());
    chart_terms = domain::stats::ExpandRow(chart->terms, every);
  }
  auto series_for = [&](const std::set<std::string>& deps) -> Result<std::vector<MonthPoint>> {
    std::vector<MonthPoint> pts;
    for (int m : MonthsOf(range)) pts.push_back({m, 0, 0});
    for (const auto& t : chart_terms) {
      if (t.kind != Term::kCounter) continue;  // monthly lines only of counters
      auto now = cache.Rows(t, false);
      if (!now.ok()) return now.status();
      auto before = cache.Rows(t, true);
      if (!before.ok()) return before.status();
      for (auto& p : pts) {
        for (const auto& r : **now)
          if (r.period == p.month && deps.count(r.department)) p.value += t.sign * r.value;
        for (const auto& r : **before)
          if (r.period == p.month - 100 && deps.count(r.department)) p.before += t.sign * r.value;
      }
    }
    return pts;
  };
  auto total_series = series_for(all);
  if (!total_series.ok()) return total_series.status();
  out.months = std::move(*total_series);
  for (const auto& [d, depth] : tree.Ordered()) {
    if (d->kind != domain::DepartmentKind::kDistrict || !all.count(d->code)) continue;
    auto sub = tree.Subtree(d->code);
    auto s = series_for(std::set<std::string>(sub.begin(), sub.end()));
    if (!s.ok()) return s.status();
    out.district_months.emplace_back(d->Name(lang), std::move(*s));
  }
  return out;
}

void Suppress(ReportResult* r, int64_t k) {
  r->suppressed_below = k;
  auto hide = [&](int64_t v) { return v > 0 && v < k; };
  for (auto& row : r->rows) {
    for (auto& c : row.cells) {
      if (hide(c.value)) {
        c.suppressed = true;
        c.value = 0;
        c.before.reset();
      } else if (c.before && hide(*c.before)) {
        c.before.reset();  // a small figure of last year is not shown either
      }
    }
  }
  for (auto& p : r->months) {
    if (hide(p.value)) p.value = 0;
    if (hide(p.before)) p.before = 0;
  }
  for (auto& [label, pts] : r->district_months)
    for (auto& p : pts) {
      if (hide(p.value)) p.value = 0;
      if (hide(p.before)) p.before = 0;
    }
}

}  // namespace sabt::app::stats
