#include "web/programme/programme_views.h"

#include <cmath>

#include "app/programme/indicator_values.h"
#include "app/programme/programme.h"
#include "domain/programme/programme_rules.h"
#include "web/stats/svg_chart.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "web/programme/report_views.h"
#include "web/programme/views_common.h"
#include "web/upload_form.h"

namespace sabt::web {
namespace {

using http::Req;
using namespace programme;  // NOLINT: this folder's view helpers
namespace prog = app::programme;

int64_t Today(app::App& app) { return (app.clock().NowMillis() + kTajikOffsetMinutes * 60000LL) / 86400000; }

int64_t DayOf(const std::string& s) {
  auto d = ParseDate(s);
  return d.ok() ? *d : -1;
}

std::string StaffName(const std::map<std::string, std::string>& names, const std::string& id) {
  auto it = names.find(id);
  return it == names.end() ? std::string() : it->second;
}

bool Manager(const WebRequest& w) { return domain::Allows(w.who->role, domain::Action::kManageProgramme); }

mstch::map ActivityRow(app::App& app, const nlohmann::json& a, const std::string& lang) {
  std::string status = Str(a, "status");
  return mstch::map{{"id", Str(a, "id")},
                    {"code", Str(a, "code")},
                    {"title", Pick(a.value("title", nlohmann::json()), lang)},
                    {"unit", UnitName(app, Str(a, "unit"), lang)},
                    {"partner", Str(a, "partner")},
                    {"from", Str(a, "from")},
                    {"to", Str(a, "to")},
                    {"status", status},
                    {"status_label", http::T(lang, "prog_status_" + status)},
                    {"overdue", domain::programme::ActivityOverdue(status, DayOf(Str(a, "to")), Today(app))},
                    {"demo", a.value("demo", false)}};
}

std::string HistoryText(const nlohmann::json& h, const std::string& lang) {
  std::string kind = Str(h, "kind");
  const auto& d = h.value("data", nlohmann::json::object());
  std::string label = http::T(lang, "prog_kind_" + kind.substr(kind.find('.') + 1));
  if (kind == "programme.activity_status")
    return label + ": " + http::T(lang, "prog_status_" + Str(d, "status")) + " — " + Str(d, "reason");
  if (kind == "programme.evidence_added") return label + ": " + Str(d, "name") + " (" + Str(d, "sha256").substr(0, 16) + "…)";
  for (const char* k : {"note", "reason"})
    if (!Str(d, k).empty()) return label + ": " + Str(d, k);
  return label;
}

mstch::array History(app::App& app, const WebRequest& w, const std::string& id) {
  mstch::array out;
  auto h = prog::RecordHistory(app, *w.who, id);
  if (!h.ok()) return out;
  auto names = prog::StaffNames(app);
  for (const auto& e : *h)
    out.push_back(mstch::map{{"at", DisplayTime(Str(e, "at"))},
                             {"who", StaffName(names, Str(e, "actor"))},
                             {"text", HistoryText(e, w.lang)},
                             {"index", std::to_string(e.value("index", int64_t{0}))}});
  return out;
}

restinio::request_handling_status_t OverviewPage(app::App& app, const Req& req, const WebRequest& w) {
  auto progs = prog::ListRecords(app, *w.who, "programme");
  if (!progs.ok()) return Failure(req, w, progs.status());
  auto comps = prog::ListRecords(app, *w.who, "component");
  auto acts = prog::ListRecords(app, *w.who, "activity");
  auto groups = prog::ListRecords(app, *w.who, "group");
  auto decisions = prog::ListRecords(app, *w.who, "decision");
  auto indicators = prog::ListRecords(app, *w.who, "indicator");
  for (const auto* r : {&comps, &acts, &groups, &decisions, &indicators})
    if (!r->ok()) return Failure(req, w, r->status());
  auto names = prog::StaffNames(app);
  mstch::array programmes, component_choices;
  for (const auto& p : *progs) {
    mstch::array components;
    for (const auto& c : *comps) {
      if (Str(c, "programme") != Str(p, "id")) continue;
      mstch::array rows;
      for (const auto& a : *acts)
        if (Str(a, "component") == Str(c, "id")) rows.push_back(ActivityRow(app, a, w.lang));
      std::string title = Pick(c.value("title", nlohmann::json()), w.lang);
      components.push_back(mstch::map{{"code", Str(c, "code")}, {"title", title}, {"activities", rows},
                                      {"empty", rows.empty()}});
      component_choices.push_back(mstch::map{{"id", Str(c, "id")}, {"label", Str(c, "code") + " " + title}});
    }
    programmes.push_back(mstch::map{{"id", Str(p, "id")},
                                    {"code", Str(p, "code")},
                                    {"title", Pick(p.value("title", nlohmann::json()), w.lang)},
                                    {"from", Str(p, "from")},
                                    {"to", Str(p, "to")},
                                    {"components", components},
                                    {"demo", p.value("demo", false)}});
  }
  mstch::array group_rows;
  for (const auto& g : *groups)
    group_rows.push_back(mstch::map{{"id", Str(g, "id")},
                                    {"code", Str(g, "code")},
                                    {"title", Pick(g.value("title", nlohmann::json()), w.lang)},
                                    {"unit", UnitName(app, Str(g, "unit"), w.lang)},
                                    {"members", std::to_string(g.value("members", nlohmann::json::array()).size())}});
  mstch::array open_decisions;
  for (const auto& d : *decisions) {
    if (Str(d, "status") == "closed") continue;
    open_decisions.push_back(mstch::map{
        {"id", Str(d, "id")},
        {"text", Str(d, "text")},
        {"assignee", StaffName(names, Str(d, "assignee"))},
        {"deadline", Str(d, "deadline")},
        {"overdue", domain::programme::DecisionOverdue("open", DayOf(Str(d, "deadline")), Today(app))}});
  }
  mstch::array programme_choices;
  for (const auto& p : *progs)
    programme_choices.push_back(mstch::map{{"id", Str(p, "id")}, {"label", Str(p, "code")}});
  mstch::array indicator_choices;
  for (const auto& i : *indicators)
    indicator_choices.push_back(
        mstch::map{{"id", Str(i, "id")}, {"label", Str(i, "code") + " " + Pick(i.value("name", nlohmann::json()), w.lang)}});
  mstch::map d{{"programmes", programmes},
               {"no_programmes", programmes.empty()},
               {"groups", group_rows},
               {"no_groups", group_rows.empty()},
               {"decisions", open_decisions},
               {"no_decisions", open_decisions.empty()},
               {"manager", Manager(w)},
               {"programme_choices", programme_choices},
               {"component_choices", component_choices},
               {"indicator_choices", indicator_choices},
               {"units", UnitChoices(app, *w.who, w.lang, "")},
               // The quarterly report form (docs/programme.md §5).
               {"report_quarter", CurrentQuarterLabel(app)},
               {"report_lang_tg", w.lang == "tg"},
               {"report_lang_ru", w.lang == "ru"},
               {"report_lang_en", w.lang == "en"}};
  return http::SendHtml(req, restinio::status_ok(), RenderPage("programme", w.Page("prog_title"), d), w.set_cookies);
}

restinio::request_handling_status_t ActivityPage(app::App& app, const Req& req, const WebRequest& w,
                                                 const std::string& id) {
  auto a = prog::GetRecord(app, *w.who, "activity", id);
  if (!a.ok()) return Failure(req, w, a.status());
  auto names = prog::StaffNames(app);
  mstch::map d = ActivityRow(app, *a, w.lang);
  d["owner"] = StaffName(names, Str(*a, "owner"));
  mstch::array evidence;
  for (const auto& ev : a->value("evidence", nlohmann::json::array()))
    evidence.push_back(mstch::map{{"sha256", Str(ev, "sha256")},
                                  {"name", Str(ev, "name")},
                                  {"mime", Str(ev, "mime")},
                                  {"size", std::to_string(ev.value("size", int64_t{0}))},
                                  {"entry", std::to_string(ev.value("entry", int64_t{0}))}});
  d["evidence"] = evidence;
  d["no_evidence"] = evidence.empty();
  mstch::array indicators;
  for (const auto& i : a->value("indicators", nlohmann::json::array())) {
    if (!i.is_string()) continue;
    auto rec = prog::GetRecord(app, *w.who, "indicator", i.get<std::string>());
    if (rec.ok())
      indicators.push_back(mstch::map{{"code", Str(*rec, "code")}, {"name", Pick(rec->value("name", nlohmann::json()), w.lang)}});
  }
  d["indicators"] = indicators;
  d["history"] = History(app, w, id);
  d["manager"] = Manager(w);
  mstch::array statuses;
  for (const char* s : {"planned", "in_progress", "done", "delayed", "cancelled"})
    statuses.push_back(mstch::map{{"code", std::string(s)}, {"name", http::T(w.lang, std::string("prog_status_") + s)}});
  d["statuses"] = statuses;
  return http::SendHtml(req, restinio::status_ok(), RenderPage("programme_activity", w.Page("prog_activity"), d),
                        w.set_cookies);
}

restinio::request_handling_status_t GroupPage(app::App& app, const Req& req, const WebRequest& w,
                                              const std::string& id) {
  auto g = prog::GetRecord(app, *w.who, "group", id);
  if (!g.ok()) return Failure(req, w, g.status());
  auto meetings = prog::ListRecords(app, *w.who, "meeting");
  auto decisions = prog::ListRecords(app, *w.who, "decision");
  if (!meetings.ok()) return Failure(req, w, meetings.status());
  if (!decisions.ok()) return Failure(req, w, decisions.status());
  auto names = prog::StaffNames(app);
  mstch::array members;
  for (const auto& m : g->value("members", nlohmann::json::array()))
    members.push_back(mstch::map{{"name", StaffName(names, Str(m, "user"))}, {"role", Str(m, "role_in_group")}});
  mstch::array rows;
  for (const auto& m : *meetings) {
    if (Str(m, "group") != id) continue;
    mstch::array agenda, decs;
    for (const auto& a : m.value("agenda", nlohmann::json::array()))
      if (a.is_string()) agenda.push_back(mstch::map{{"item", a.get<std::string>()}});
    for (const auto& dd : *decisions)
      if (Str(dd, "meeting") == Str(m, "id"))
        decs.push_back(mstch::map{{"id", Str(dd, "id")},
                                  {"text", Str(dd, "text")},
                                  {"assignee", StaffName(names, Str(dd, "assignee"))},
                                  {"deadline", Str(dd, "deadline")},
                                  {"status", http::T(w.lang, "prog_decision_" + Str(dd, "status"))}});
    rows.push_back(mstch::map{{"id", Str(m, "id")}, {"date", Str(m, "date")}, {"agenda", agenda},
                              {"minutes", Str(m, "minutes")}, {"decisions", decs}, {"no_decisions", decs.empty()}});
  }
  mstch::map d{{"id", id},
               {"group_id", id},
               {"code", Str(*g, "code")},
               {"title", Pick(g->value("title", nlohmann::json()), w.lang)},
               {"unit", UnitName(app, Str(*g, "unit"), w.lang)},
               {"members", members},
               {"meetings", rows},
               {"no_meetings", rows.empty()},
               {"manager", Manager(w)}};
  return http::SendHtml(req, restinio::status_ok(), RenderPage("programme_group", w.Page("prog_group"), d),
                        w.set_cookies);
}

restinio::request_handling_status_t DecisionPage(app::App& app, const Req& req, const WebRequest& w,
                                                 const std::string& id) {
  auto dd = prog::GetRecord(app, *w.who, "decision", id);
  if (!dd.ok()) return Failure(req, w, dd.status());
  auto names = prog::StaffNames(app);
  std::string status = Str(*dd, "status");
  bool open = status != "closed";
  mstch::map d{{"id", id},
               {"text", Str(*dd, "text")},
               {"group", Str(*dd, "group")},
               {"assignee", StaffName(names, Str(*dd, "assignee"))},
               {"deadline", Str(*dd, "deadline")},
               {"status", http::T(w.lang, "prog_decision_" + status)},
               {"overdue", domain::programme::DecisionOverdue(status, DayOf(Str(*dd, "deadline")), Today(app))},
               {"history", History(app, w, id)},
               {"can_follow", open && (Manager(w) || Str(*dd, "assignee") == w.who->user.id)}};
  return http::SendHtml(req, restinio::status_ok(), RenderPage("programme_decision", w.Page("prog_decision"), d),
                        w.set_cookies);
}

// The indicators: each definition (formula over the statistics counters,
// baseline, target, target date) and the activities that link it. Values
// come with the statistics counters (docs/programme.md §3).
restinio::request_handling_status_t IndicatorsPage(app::App& app, const Req& req, const WebRequest& w) {
  auto list = prog::ListRecords(app, *w.who, "indicator");
  if (!list.ok()) return Failure(req, w, list.status());
  auto acts = prog::ListRecords(app, *w.who, "activity");
  if (!acts.ok()) return Failure(req, w, acts.status());
  mstch::array rows;
  for (const auto& i : *list) {
    mstch::array linked;
    for (const auto& a : *acts)
      for (const auto& x : a.value("indicators", nlohmann::json::array()))
        if (x == i["id"]) linked.push_back(mstch::map{{"id", Str(a, "id")}, {"code", Str(a, "code")}});
    auto num = [](const nlohmann::json& v) {
      char b[32];
      std::snprintf(b, sizeof b, "%g", v.is_number() ? v.get<double>() : 0.0);
      return std::string(b);
    };
    // Values from the statistics counters, month by month (docs/programme.md §3).
    const double target = i.value("target", nlohmann::json()).is_number() ? i["target"].get<double>() : 0.0;
    auto series = prog::IndicatorSeries(app, i, prog::CurrentMonth(app));
    mstch::array months;
    std::vector<web::stats::SeriesPoint> points;
    std::string current = "—";
    if (series.ok()) {
      for (const auto& m : *series) {
        char label[16], value[32];
        std::snprintf(label, sizeof label, "%04d-%02d", m.month / 100, m.month % 100);
        if (m.value) std::snprintf(value, sizeof value, "%.1f", *m.value);
        else std::snprintf(value, sizeof value, "—");
        months.push_back(mstch::map{{"month", std::string(label)}, {"value", std::string(value)}});
        points.push_back({label, m.value ? std::llround(*m.value) : 0, std::llround(target)});
        current = value;
      }
    }
    const std::string name = Pick(i.value("name", nlohmann::json()), w.lang);
    rows.push_back(mstch::map{{"id", Str(i, "id")},
                              {"code", Str(i, "code")},
                              {"name", name},
                              {"current", current},
                              {"months", months},
                              {"trend_svg", web::stats::LineChart("indicator-" + Str(i, "id"), Str(i, "code") + " " + name,
                                                                  points, http::T(w.lang, "prog_indicator_value"),
                                                                  http::T(w.lang, "prog_field_target"))},
                              {"formula", Str(i, "formula")},
                              {"unit", http::T(w.lang, "prog_unit_" + Str(i, "unit"))},
                              {"baseline", num(i.value("baseline", nlohmann::json()))},
                              {"target", num(i.value("target", nlohmann::json()))},
                              {"target_date", Str(i, "target_date")},
                              {"direction", http::T(w.lang, "prog_direction_" + Str(i, "direction"))},
                              {"activities", linked}});
  }
  mstch::map d{{"rows", rows}, {"empty", rows.empty()}};
  return http::SendHtml(req, restinio::status_ok(), RenderPage("programme_indicators", w.Page("prog_indicators"), d),
                        w.set_cookies);
}


// A POST handler of a programme form: `run` gets the form as JSON.
template <typename F>
restinio::request_handling_status_t Post(app::App& app, const Req& req, const std::string& back,
                                         const std::string& flash, F&& run) {
  WebRequest w;
  std::optional<restinio::request_handling_status_t> out;
  auto form = FormOf(app, req, w, &out);
  if (!form) return *out;
  return Finish(req, w, run(*w.who, *form), back, flash);
}

}  // namespace

void AddProgrammeRoutes(http::Router& router, app::App& app) {
  router.http_get("/programme", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return OverviewPage(app, req, w);
  });
  router.http_get("/programme/indicators", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return IndicatorsPage(app, req, w);
  });
  router.http_get("/programme/activities/:id", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return ActivityPage(app, req, w, std::string(params["id"]));
  });
  router.http_get("/programme/activities/:id/evidence/:sha", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto f = prog::GetEvidence(app, *w.who, std::string(params["id"]), std::string(params["sha"]));
    if (!f.ok()) return Failure(req, w, f.status());
    return http::Respond(req, restinio::status_ok())
        .append_header(restinio::http_field::content_type, f->mime)
        .append_header("Content-Disposition", "attachment; filename=\"evidence\"")
        .set_body(std::move(f->data))
        .done();
  });
  router.http_get("/programme/groups/:id", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return GroupPage(app, req, w, std::string(params["id"]));
  });
  router.http_get("/programme/decisions/:id", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return DecisionPage(app, req, w, std::string(params["id"]));
  });

  router.http_post("/programme", [&app](const Req& req, auto) {
    return Post(app, req, "/programme", "flash_prog_saved",
                [&](const app::Principal& who, Form& f) { return prog::SaveProgramme(app, who, ToJson(f)); });
  });
  router.http_post("/programme/components", [&app](const Req& req, auto) {
    return Post(app, req, "/programme", "flash_prog_saved",
                [&](const app::Principal& who, Form& f) { return prog::SaveComponent(app, who, ToJson(f)); });
  });
  router.http_post("/programme/activities", [&app](const Req& req, auto) {
    return Post(app, req, "/programme", "flash_prog_saved",
                [&](const app::Principal& who, Form& f) { return prog::SaveActivity(app, who, ToJson(f)); });
  });
  router.http_post("/programme/activities/:id/status", [&app](const Req& req, auto params) {
    std::string id(params["id"]);
    return Post(app, req, "/programme/activities/" + id, "flash_prog_saved", [&](const app::Principal& who, Form& f) {
      return prog::ChangeActivityStatus(app, who, id, f["status"], f["reason"]);
    });
  });
  router.http_post("/programme/activities/:id/evidence", [&app](const Req& req, auto params) {
    std::string id(params["id"]);
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto up = ParseUpload(req);
    if (!up || !CsrfOk(w, {{"csrf", up->csrf}})) return Message(req, w, restinio::status_forbidden(), "err_csrf");
    if (!up->has_file) return Message(req, w, restinio::status_unprocessable_entity(), "err_attachment_empty");
    return Finish(req, w, prog::AddEvidence(app, *w.who, id, up->name, std::move(up->bytes)),
                  "/programme/activities/" + id, "flash_prog_saved");
  });
  router.http_post("/programme/groups", [&app](const Req& req, auto) {
    return Post(app, req, "/programme", "flash_prog_saved",
                [&](const app::Principal& who, Form& f) { return prog::SaveGroup(app, who, ToJson(f)); });
  });
  router.http_post("/programme/groups/:id/meetings", [&app](const Req& req, auto params) {
    std::string id(params["id"]);
    return Post(app, req, "/programme/groups/" + id, "flash_prog_saved", [&](const app::Principal& who, Form& f) {
      auto j = ToJson(f);
      j["group"] = id;
      return prog::HoldMeeting(app, who, j);
    });
  });
  router.http_post("/programme/groups/:id/decisions", [&app](const Req& req, auto params) {
    std::string id(params["id"]);
    return Post(app, req, "/programme/groups/" + id, "flash_prog_saved",
                [&](const app::Principal& who, Form& f) { return prog::MakeDecision(app, who, ToJson(f)); });
  });
  router.http_post("/programme/decisions/:id/:step", [&app](const Req& req, auto params) {
    std::string id(params["id"]), step(params["step"]);
    return Post(app, req, "/programme/decisions/" + id, "flash_prog_saved", [&](const app::Principal& who, Form& f) {
      if (step != "follow-up" && step != "close") {
        prog::Outcome o;
        o.reply = Status::NotFound("no such step");
        return o;
      }
      return prog::FollowUpDecision(app, who, id, f["note"], step == "close");
    });
  });
}

}  // namespace sabt::web
