#include "app/stats/report_service.h"

#include "app/catalog.h"
#include "domain/deadline.h"
#include "domain/stats/contributions.h"

namespace sabt::app::stats {

bool MaySeeStatistics(domain::Role role) {
  using domain::Role;
  return role == Role::kAnalyst || role == Role::kHead || role == Role::kProsecutor || role == Role::kAuditor ||
         role == Role::kAdmin;
}

bool AlwaysExternal(domain::Role role) {
  return role == domain::Role::kProsecutor || role == domain::Role::kAuditor;
}

int64_t SuppressBelow(App& app) { return app.catalog().Get()->Setting("stats_suppress_below", 3); }

Result<std::vector<ReportDef>> ListReports(App& app, const Principal& who) {
  if (!MaySeeStatistics(who.role)) return Status::Denied("this role does not see statistics");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  return LoadReportDefs(**tx);
}

Result<ReportResult> RunReport(App& app, const Principal& who, const ReportRequest& req) {
  if (!MaySeeStatistics(who.role)) return Status::Denied("this role does not see statistics");
  int64_t today = domain::LocalDay(app.clock().NowMillis());
  int this_month = static_cast<int>(domain::stats::MonthOfDay(today));
  MonthRange range{this_month, this_month};
  if (!req.to.empty()) {
    auto m = ParseMonth(req.to);
    if (!m) return Status::Invalid("to: a month YYYY-MM");
    range.to = *m;
  }
  range.from = range.to;
  if (!req.from.empty()) {
    auto m = ParseMonth(req.from);
    if (!m) return Status::Invalid("from: a month YYYY-MM");
    range.from = *m;
  }
  if (range.from > range.to) return Status::Invalid("from is after to");
  if (MonthsOf(range).size() > 120) return Status::Invalid("at most 120 months");
  auto catalog = app.catalog().Get();
  const auto& tree = catalog->tree;
  std::string dep = req.department.empty() ? who.user.department : req.department;
  // Outside the caller's subtree answers as not found: existence does not leak.
  if (!tree.Find(dep) || !tree.InScope(who.user.department, dep)) return Status::NotFound("no such department");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto defs = LoadReportDefs(**tx);
  if (!defs.ok()) return defs.status();
  const ReportDef* def = nullptr;
  for (const auto& d : *defs)
    if (d.id == req.id) def = &d;
  if (!def) return Status::NotFound("no such report");
  CounterReader reader(**tx, tree);
  auto r = EvaluateReport(reader, tree, *def, dep, range, today, req.lang);
  if (!r.ok()) return r.status();
  if (req.external || AlwaysExternal(who.role)) Suppress(&*r, SuppressBelow(app));
  return r;
}

}  // namespace sabt::app::stats
