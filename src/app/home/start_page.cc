#include "app/home/start_page.h"

#include <algorithm>

#include "app/appeal_lists.h"
#include "app/crime.h"
#include "app/stats/report_service.h"
#include "app/programme/overdue.h"
#include "app/submissions.h"
#include "app/video/video_config.h"
#include "domain/role.h"

namespace sabt::app {
namespace {

// How many appeals a filtered list holds (the list's own scope and checks).
Result<int64_t> CountAppeals(App& app, const Principal& who, AppealListRequest req) {
  req.page = 1;
  req.page_size = 1;
  auto l = ListAppealsFiltered(app, who, req, false);
  if (!l.ok()) return l.status();
  return l->page.total;
}

Status AddAppealCard(App& app, const Principal& who, StartPage* page, const std::string& id,
                     const AppealListRequest& req, bool alert_when_any) {
  auto n = CountAppeals(app, who, req);
  if (!n.ok()) return n.status();
  std::string link = "/appeals";
  char sep = '?';
  for (const auto& [k, v] : req.QueryPairs()) {
    link += sep + k + "=" + v;
    sep = '&';
  }
  page->cards.push_back({id, link, *n, alert_when_any && *n > 0});
  return Status::Ok();
}

Status AddCrimeCard(App& app, const Principal& who, StartPage* page, const std::string& id, const std::string& list,
                    bool alert_when_any) {
  auto l = ListCrime(app, who, "report", list, 0, kCrimeMaxPageSize);
  if (!l.ok()) return l.status();
  int64_t n = static_cast<int64_t>(l->rows.size());
  page->cards.push_back({id, "/crime?list=" + list, n, alert_when_any && n > 0});
  return Status::Ok();
}

// An officer's own open appeals, nearest deadline first (at most 20).
Status AddMyOpen(App& app, const Principal& who, StartPage* page) {
  AppealListRequest req;
  req.officer = who.user.username;
  req.page_size = 200;
  auto l = ListAppealsFiltered(app, who, req, false);
  if (!l.ok()) return l.status();
  for (auto& r : l->page.rows)
    if (r.closed_at.empty() && r.status != "closed") page->my_open.push_back(std::move(r));
  std::stable_sort(page->my_open.begin(), page->my_open.end(), [](const auto& a, const auto& b) {
    if ((a.due_day == 0) != (b.due_day == 0)) return b.due_day == 0;
    return a.due_day < b.due_day;
  });
  if (page->my_open.size() > 20) page->my_open.resize(20);
  return Status::Ok();
}

AppealListRequest Due(const std::string& due) {
  AppealListRequest r;
  r.due = due;
  return r;
}

}  // namespace

Result<StartPage> BuildStartPage(App& app, const Principal& who) {
  using domain::Role;
  StartPage page;
  switch (who.role) {
    case Role::kDeskOfficer:
    case Role::kMobileOfficer: {
      page.cards.push_back({"register", "/appeals/new", -1, false});
      if (who.role == Role::kDeskOfficer) {
        auto q = ListQueue(app, who, "queued");
        if (!q.ok()) return q.status();
        page.cards.push_back({"queue", "/queue", static_cast<int64_t>(q->size()), !q->empty()});
      } else {
        page.cards.push_back({"trips", "/trips", -1, false});
      }
      AppealListRequest mine;
      mine.officer = who.user.username;
      SABT_RETURN_IF_ERROR(AddAppealCard(app, who, &page, "mine", mine, false));
      SABT_RETURN_IF_ERROR(AddAppealCard(app, who, &page, "overdue", Due("overdue"), true));
      SABT_RETURN_IF_ERROR(AddMyOpen(app, who, &page));
      break;
    }
    case Role::kHead: {
      SABT_RETURN_IF_ERROR(AddAppealCard(app, who, &page, "overdue", Due("overdue"), true));
      SABT_RETURN_IF_ERROR(AddAppealCard(app, who, &page, "due_soon", Due("soon"), false));
      AppealListRequest approval;
      approval.status = "answered";
      SABT_RETURN_IF_ERROR(AddAppealCard(app, who, &page, "approval", approval, true));
      SABT_RETURN_IF_ERROR(AddCrimeCard(app, who, &page, "refusals", "refusals", true));
      SABT_RETURN_IF_ERROR(AddCrimeCard(app, who, &page, "crime_overdue", "overdue", true));
      page.cards.push_back({"oversight", "/oversight/appeals", -1, false});
      // Open appeals per officer of the head's subtree (unassigned ones
      // under an empty key).
      store::AppealFilter f;
      f.departments = app.catalog().Get()->tree.Subtree(who.user.department);
      f.open_only = true;
      auto tx = app.store().Read();
      if (!tx.ok()) return tx.status();
      auto by_officer = (*tx)->CountByOfficer(f);
      if (!by_officer.ok()) return by_officer.status();
      page.tables.push_back({"workload", std::move(*by_officer)});
      break;
    }
    case Role::kInvestigator: {
      page.cards.push_back({"crime_register", "/crime/new", -1, false});
      SABT_RETURN_IF_ERROR(AddCrimeCard(app, who, &page, "crime_due_today", "due_today", true));
      SABT_RETURN_IF_ERROR(AddCrimeCard(app, who, &page, "crime_overdue", "overdue", true));
      SABT_RETURN_IF_ERROR(AddCrimeCard(app, who, &page, "crime_all", "all", false));
      page.cards.push_back({"cases", "/crime#cases", -1, false});
      break;
    }
    case Role::kProsecutor: {
      page.cards.push_back({"oversight", "/oversight/appeals", -1, false});
      auto watch = CrimeOversight(app, who);
      if (!watch.ok()) return watch.status();
      for (const auto& [list, rows] : *watch)
        page.cards.push_back({"watch_" + list, "/crime/oversight#" + list, static_cast<int64_t>(rows.size()),
                              !rows.empty()});
      SABT_RETURN_IF_ERROR(AddAppealCard(app, who, &page, "overdue", Due("overdue"), true));
      break;
    }
    case Role::kAuditor: {
      page.cards.push_back({"appeals", "/appeals", -1, false});
      page.cards.push_back({"crime", "/crime", -1, false});
      page.cards.push_back({"trips", "/trips", -1, false});
      page.cards.push_back({"log", "/verify", -1, false});
      page.cards.push_back({"journal", "/audit/journal", -1, false});  // journal and access-log viewer (issue 14)
      break;
    }
    case Role::kAnalyst: {
      // Counts only, never a record: open appeals per department of the
      // analyst's subtree, and the trip log (no personal data).
      auto snap = app.catalog().Get();
      store::AppealFilter f;
      f.departments = snap->tree.Subtree(who.user.department);
      if (f.departments.empty()) return Status::Denied("no department scope");
      auto tx = app.store().Read();
      if (!tx.ok()) return tx.status();
      auto all = (*tx)->CountByDepartment(f);
      if (!all.ok()) return all.status();
      for (auto& g : *all) {
        const auto* d = snap->tree.Find(g.key);
        if (d) g.name = d->name_tg;
      }
      page.tables.push_back({"by_department", std::move(*all)});
      page.cards.push_back({"trips", "/trips", -1, false});
      break;
    }
    case Role::kAdmin: {
      auto tx = app.store().Read();
      if (!tx.ok()) return tx.status();
      auto users = (*tx)->Users();
      if (!users.ok()) return users.status();
      auto snap = app.catalog().Get();
      int64_t in_scope = 0;
      for (const auto& u : *users)
        if (snap->tree.InScope(who.user.department, u.department)) ++in_scope;
      page.cards.push_back({"users", "/admin/users", in_scope, false});
      page.cards.push_back({"signin", "/admin/sign-in", -1, false});
      if (app.config().role != "field") page.cards.push_back({"devices", "/admin/devices", -1, false});
      page.cards.push_back({"departments", "/admin/departments", static_cast<int64_t>(snap->tree.size()), false});
      // National data (issue 14): only the root department's admin edits it.
      if (const auto* own = snap->tree.Find(who.user.department); own && own->parent.empty()) {
        page.cards.push_back({"reference", "/admin/reference", -1, false});
        page.cards.push_back({"deadlines", "/admin/deadlines", -1, false});
      }
      break;
    }
    // Reform programme and equipment (issue 17).
    case Role::kProgrammeCoordinator:
    case Role::kPartner:
      programme::AddProgrammeCards(who, &page);
      break;
    // The room account lands on its meetings (web/home/home_views.cc).
    case Role::kVideoRoom:
      break;
  }
  // Video link (docs/video.md): meetings for every role that can be invited,
  // where a video server is configured; on a field node, the way to call the
  // district.
  if (video::NodeVideoConfig().configured() || app.config().role == "field")
    page.cards.push_back({"video", "/video", -1, false});
  // Statistics (issue 15): a link for the roles that see figures of their
  // scope; an analyst's start page is the statistics home itself.
  if (stats::MaySeeStatistics(who.role) && who.role != Role::kAnalyst)
    page.cards.push_back({"stats", "/stats", -1, false});
  SABT_RETURN_IF_ERROR(programme::AddOverdueBlock(app, who, &page));  // issue 17: overdue programme items
  return page;
}

Result<PublicStart> BuildPublicStart(App& app, const std::string& lang) {
  PublicStart out;
  auto snap = app.catalog().Get();
  auto pick = [&lang](const store::ReferenceItem& i) {
    return lang == "ru" ? i.name_ru : lang == "en" ? i.name_en : i.name_tg;
  };
  for (const auto& c : snap->categories) {
    auto rule = snap->DeadlineFor(c.code);
    out.categories.push_back({pick(c), rule.days, rule.working_days});
  }
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto contacts = (*tx)->Reference("department_contacts");
  if (!contacts.ok()) return contacts.status();
  for (const auto* d : OnlineDistricts(*snap)) {
    PublicDistrict pd;
    pd.code = d->code;
    pd.name = lang == "ru" ? d->name_ru : lang == "en" ? d->name_en : d->name_tg;
    for (const auto& c : *contacts) {
      if (c.code != d->code) continue;
      pd.address = pick(c);
      auto extra = nlohmann::json::parse(c.extra, nullptr, false);
      if (extra.is_object()) pd.phone = extra.value("phone", "");
    }
    out.districts.push_back(std::move(pd));
  }
  return out;
}

}  // namespace sabt::app
