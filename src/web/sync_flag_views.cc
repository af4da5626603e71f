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

}  // namespace

void AddConflictView(app::App& app, const WebRequest& w, const store::AppealRow& a, mstch::map& d) {
  auto c = app::AppealSyncConflict(app, a.id);
  if (!c.ok() || !c->has_value()) return;
  mstch::map m = ConflictMap(app, **c, w.lang);
  m["current_status"] = StatusText(w.lang, a.status);
  d["conflict"] = m;
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
  mstch::array alerts = AlertRows((*s)["alerts"], w.lang);
  d["sync_alerts_empty"] = alerts.empty();
  d["sync_alerts"] = alerts;
}

}  // namespace sabt::web
