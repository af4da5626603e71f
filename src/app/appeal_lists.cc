#include "app/appeal_lists.h"

#include <algorithm>

#include "domain/deadline.h"
#include "domain/role.h"
#include "util/clock.h"
#include "util/text.h"

namespace sabt::app {
namespace {

constexpr int64_t kExportPage = 500;
constexpr int64_t kExportMaxRows = 200000;

int64_t ToInt(const std::string& s, int64_t fallback) {
  if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos) return fallback;
  return std::stoll(s);
}

// Resolves the typed request into a store filter, checking scope.
Result<store::AppealFilter> BuildFilter(App& app, const Principal& who, const AppealListRequest& r,
                                        int64_t* due_soon_days) {
  auto snap = app.catalog().Get();
  store::AppealFilter f;
  if (!r.department.empty()) {
    if (!snap->tree.Find(r.department) || !snap->tree.InScope(who.user.department, r.department))
      return Status::Invalid("bad filter: department");
    f.departments = snap->tree.Subtree(r.department);
  } else {
    f.departments = snap->tree.Subtree(who.user.department);
  }
  f.status = r.status;
  f.category = r.category;
  f.channel = r.channel;
  f.series = r.series;
  if (!r.officer.empty()) {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto u = (*tx)->UserByUsername(r.officer);
    if (!u.ok()) return u.status();
    if (!u->has_value()) return Status::Invalid("bad filter: officer");
    f.officer = (*u)->id;
  }
  if (!r.from.empty()) {
    auto ms = ParseLocalDateTime(r.from + "T00:00");
    if (!ms.ok() || r.from.size() != 10) return Status::Invalid("bad filter: from");
    f.received_from = FormatRfc3339Millis(*ms);
  }
  if (!r.to.empty()) {
    auto ms = ParseLocalDateTime(r.to + "T00:00");
    if (!ms.ok() || r.to.size() != 10) return Status::Invalid("bad filter: to");
    f.received_to = FormatRfc3339Millis(*ms + 86400000);  // the whole day
  }
  int64_t today = domain::LocalDay(app.clock().NowMillis());
  *due_soon_days = std::clamp<int64_t>(snap->Setting("due_soon_days", 3), 0, 365);
  if (r.due == "soon") {
    f.open_only = true;
    f.due_from = today;
    f.due_to = today + *due_soon_days;
  } else if (r.due == "overdue") {
    f.open_only = true;
    f.due_to = today - 1;
  } else if (!r.due.empty()) {
    return Status::Invalid("bad filter: due");
  }
  f.extended_only = r.extended;
  if (f.departments.empty()) return Status::Denied("no department scope");
  return f;
}

std::string CsvCell(std::string v) {
  // A cell that a spreadsheet would run as a formula is prefixed with '.
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v.insert(0, "'");
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> AppealListRequest::QueryPairs() const {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const char* k, const std::string& v) {
    if (!v.empty()) out.emplace_back(k, v);
  };
  add("status", status);
  add("due", due);
  add("category", category);
  add("channel", channel);
  add("series", series);
  add("officer", officer);
  add("department", department);
  add("from", from);
  add("to", to);
  if (extended) out.emplace_back("extended", "1");
  return out;
}

AppealListRequest ParseListRequest(const std::map<std::string, std::string>& q) {
  AppealListRequest r;
  auto get = [&](const char* k) {
    auto it = q.find(k);
    return it == q.end() ? std::string() : CleanField(it->second);
  };
  r.status = get("status");
  r.category = get("category");
  r.channel = get("channel");
  r.series = get("series");
  r.officer = get("officer");
  r.department = get("department");
  r.from = get("from");
  r.to = get("to");
  r.due = get("due");
  std::string ext = get("extended");
  r.extended = ext == "1" || ext == "true" || ext == "yes" || ext == "on";
  r.page = std::max<int64_t>(1, ToInt(get("page"), 1));
  r.page_size = std::clamp<int64_t>(ToInt(get("page_size"), 25), 1, 200);
  return r;
}

Result<FilteredAppealList> ListAppealsFiltered(App& app, const Principal& who, const AppealListRequest& req,
                                               bool with_counts) {
  if (!domain::Allows(who.role, domain::Action::kListAppeals)) return Status::Denied("this role may not list appeals");
  FilteredAppealList out;
  out.req = req;
  auto f = BuildFilter(app, who, req, &out.due_soon_days);
  if (!f.ok()) return f.status();
  out.page_size = std::clamp<int64_t>(req.page_size, 1, 200);
  out.page_no = std::max<int64_t>(1, req.page);
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto page = (*tx)->FilteredAppeals(*f, (out.page_no - 1) * out.page_size, out.page_size);
  if (!page.ok()) return page.status();
  out.page = std::move(*page);
  out.pages = std::max<int64_t>(1, (out.page.total + out.page_size - 1) / out.page_size);
  if (with_counts) {
    auto o = (*tx)->CountByOfficer(*f);
    if (!o.ok()) return o.status();
    out.by_officer = std::move(*o);
    auto d = (*tx)->CountByDepartment(*f);
    if (!d.ok()) return d.status();
    out.by_department = std::move(*d);
  }
  if (domain::IsOversight(who.role)) {
    out.names_hidden = true;
    for (auto& r : out.page.rows) {
      r.applicant_name.clear();
      r.summary.clear();
      r.verification_code.clear();
      r.answer.clear();
    }
  }
  return out;
}

Result<std::string> ExportAppealsCsv(App& app, const Principal& who, const AppealListRequest& req,
                                     const std::string& lang, const std::function<std::string(const std::string&)>& tr) {
  if (!domain::Allows(who.role, domain::Action::kListAppeals)) return Status::Denied("this role may not list appeals");
  int64_t soon = 0;
  auto f = BuildFilter(app, who, req, &soon);
  if (!f.ok()) return f.status();
  bool names = !domain::IsOversight(who.role);
  auto snap = app.catalog().Get();
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  std::map<std::string, std::string> user_names;
  auto users = (*tx)->Users();
  if (!users.ok()) return users.status();
  for (const auto& u : *users) user_names[u.id] = u.display_name;

  std::string out = "\xEF\xBB\xBF";  // UTF-8 BOM
  std::vector<std::string> head = {tr("col_number"), tr("col_received"), tr("col_department"), tr("col_channel"),
                                   tr("col_category"), tr("col_status"), tr("col_due"), tr("col_extended_days"),
                                   tr("col_assigned"), tr("col_officer")};
  if (names) head.push_back(tr("col_applicant"));
  for (size_t i = 0; i < head.size(); ++i) out += (i ? "," : "") + CsvCell(head[i]);
  out += "\r\n";
  for (int64_t offset = 0; offset < kExportMaxRows; offset += kExportPage) {
    auto page = (*tx)->FilteredAppeals(*f, offset, kExportPage);
    if (!page.ok()) return page.status();
    for (const auto& a : page->rows) {
      auto received = ParseRfc3339(a.received_at);
      const auto* dept = snap->tree.Find(a.department);
      std::vector<std::string> cells = {a.number,
                                        received.ok() ? FormatLocal(*received) : a.received_at,
                                        dept ? dept->Name(lang) : a.department,
                                        snap->ItemName(snap->channels, a.channel, lang),
                                        snap->ItemName(snap->categories, a.category, lang),
                                        tr("status_" + a.status),
                                        a.due_day > 0 ? FormatDay(a.due_day) : "",
                                        std::to_string(a.extended),
                                        a.assigned_to.empty() ? "" : user_names[a.assigned_to],
                                        a.officer_name};
      if (names) cells.push_back(a.applicant_name);
      for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + CsvCell(cells[i]);
      out += "\r\n";
    }
    if (static_cast<int64_t>(page->rows.size()) < kExportPage) break;
  }
  return out;
}

}  // namespace sabt::app
