#include "web/sync_flag_views.h"

#include "app/sync_flags.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/json_str.h"

namespace sabt::web {
namespace {

std::string StatusText(const std::string& lang, const std::string& status) {
  return status.empty() ? std::string("—") : http::T(lang, "status_" + status);
}

std::string UserName(app::App& app, const std::string& id) {
  if (id.empty()) return "—";
  auto tx = app.store().Read();
  if (!tx.ok()) return id;
  auto u = (*tx)->UserById(id);
  return u.ok() && u->has_value() ? (*u)->display_name : id;
}

mstch::map ConflictMap(app::App& app, const nlohmann::json& c, const std::string& lang) {
  const auto& parent = c.value("parent", nlohmann::json::object());
  mstch::array steps;
  for (const auto& s : c.value("device_steps", nlohmann::json::array()))
    steps.push_back(mstch::map{{"seq", std::to_string(s.value("seq", int64_t{0}))},
                               {"kind", http::T(lang, "kind_" + JsonStr(s, "kind"))},
                               {"from", StatusText(lang, JsonStr(s, "from"))},
                               {"to", StatusText(lang, JsonStr(s, "to"))},
                               {"at", DisplayTime(JsonStr(s, "at"))},
                               {"actor", UserName(app, JsonStr(s, "actor"))}});
  return mstch::map{{"appeal", JsonStr(c, "appeal")},
                    {"number", JsonStr(c, "number")},
                    {"department", JsonStr(c, "department")},
                    {"origin", JsonStr(c, "origin")},
                    {"flagged_at", DisplayTime(JsonStr(c, "flagged_at"))},
                    {"parent_status", StatusText(lang, JsonStr(parent, "status"))},
                    {"parent_assigned", UserName(app, JsonStr(parent, "assigned_to"))},
                    {"device_steps", steps}};
}

// The figures of a "time doubtful" flag, said in the page's language.
mstch::map DoubtMap(const nlohmann::json& t, const std::string& lang) {
  std::string reason = http::T(lang, "sync_doubt_" + JsonStr(t, "reason"));
  size_t at = reason.find("{hours}");
  if (at != std::string::npos) reason.replace(at, 7, std::to_string(t.value("by_minutes", int64_t{0}) / 60));
  return mstch::map{{"appeal", JsonStr(t, "appeal")},
                    {"number", JsonStr(t, "number")},
                    {"department", JsonStr(t, "department")},
                    {"origin", JsonStr(t, "origin")},
                    {"received_at", DisplayTime(JsonStr(t, "received_at"))},
                    {"arrived_at", DisplayTime(JsonStr(t, "arrived_at"))},
                    {"device_clock", JsonStr(t, "device_clock").empty() ? std::string("—")
                                                                         : DisplayTime(JsonStr(t, "device_clock"))},
                    {"reason_code", JsonStr(t, "reason")},
                    {"reason", reason}};
}

}  // namespace

void AddConflictView(app::App& app, const WebRequest& w, const store::AppealRow& a, mstch::map& d) {
  auto c = app::AppealSyncConflict(app, a.id);
  if (!c.ok() || !c->has_value()) return;
  mstch::map m = ConflictMap(app, **c, w.lang);
  m["current_status"] = StatusText(w.lang, a.status);
  d["conflict"] = m;
}

void AddClockDoubtView(app::App& app, const WebRequest& w, const store::AppealRow& a, mstch::map& d) {
  auto t = app::AppealClockDoubt(app, a.id);
  if (!t.ok() || !t->has_value()) return;
  d["time_doubt"] = DoubtMap(**t, w.lang);
}

mstch::array AlertRows(const nlohmann::json& alerts, const std::string& lang) {
  mstch::array rows;
  for (const auto& al : alerts)
    rows.push_back(mstch::map{{"origin", JsonStr(al, "origin")},
                              {"department", JsonStr(al, "department")},
                              {"at", DisplayTime(JsonStr(al, "at"))},
                              {"seq", std::to_string(al.value("seq", int64_t{0}))},
                              {"kind", JsonStr(al, "kind")},
                              {"reason_code", JsonStr(al, "reason")},
                              {"reason", http::T(lang, "sync_alert_reason_" + JsonStr(al, "reason"))},
                              {"batch", std::to_string(al.value("from_seq", int64_t{0})) + "–" +
                                            std::to_string(al.value("to_seq", int64_t{0}))}});
  return rows;
}

void AddSyncOversightView(app::App& app, const WebRequest& w, mstch::map& d) {
  auto s = app::SyncOversight(app, *w.who);
  if (!s.ok()) return;
  mstch::array conflicts;
  for (const auto& c : (*s)["conflicts"]) conflicts.push_back(ConflictMap(app, c, w.lang));
  d["sync_conflicts"] = conflicts;
  d["sync_conflicts_empty"] = conflicts.empty();
  mstch::array doubts;
  for (const auto& t : (*s)["time_doubtful"]) doubts.push_back(DoubtMap(t, w.lang));
  d["sync_doubts"] = doubts;
  d["sync_doubts_empty"] = doubts.empty();
  mstch::array alerts = AlertRows((*s)["alerts"], w.lang);
  d["sync_alerts_empty"] = alerts.empty();
  d["sync_alerts"] = alerts;
}

}  // namespace sabt::web
