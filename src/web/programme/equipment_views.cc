#include "web/programme/equipment_views.h"

#include <sstream>

#include "app/programme/equipment.h"
#include "app/programme/programme.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "web/programme/handover_pdf.h"
#include "web/programme/views_common.h"

namespace sabt::web {
namespace {

using http::Req;
using namespace programme;  // NOLINT: this folder's view helpers
namespace prog = app::programme;

bool Manager(const WebRequest& w) { return domain::Allows(w.who->role, domain::Action::kManageEquipment); }

std::string StaffName(const std::map<std::string, std::string>& names, const std::string& id) {
  auto it = names.find(id);
  return it == names.end() ? std::string() : it->second;
}

mstch::map ItemRow(app::App& app, const nlohmann::json& e, const std::string& lang,
                   const std::map<std::string, std::string>& names) {
  std::string serial = Str(e, "plate").empty() ? Str(e, "serial") : Str(e, "plate");
  return mstch::map{{"id", Str(e, "id")},
                    {"kind", http::T(lang, "eq_kind_" + Str(e, "kind"))},
                    {"name", Str(e, "name")},
                    {"serial", serial},
                    {"unit", UnitName(app, Str(e, "unit"), lang)},
                    {"custodian", StaffName(names, Str(e, "custodian"))},
                    {"status", Str(e, "status")},
                    {"status_label", http::T(lang, "eq_status_" + Str(e, "status"))},
                    {"donor", Str(e, "donor")},
                    {"act", Str(e, "act")},
                    {"demo", e.value("demo", false)}};
}

restinio::request_handling_status_t RegisterPage(app::App& app, const Req& req, const WebRequest& w) {
  auto items = prog::ListEquipment(app, *w.who, "equipment");
  if (!items.ok()) return Failure(req, w, items.status());
  auto acts = prog::ListEquipment(app, *w.who, "act");
  if (!acts.ok()) return Failure(req, w, acts.status());
  auto names = prog::StaffNames(app);
  mstch::array rows, act_rows, kinds;
  std::map<std::string, int> in_use;
  for (const auto& e : *items) {
    rows.push_back(ItemRow(app, e, w.lang, names));
    if (Str(e, "status") == "in_use") ++in_use[Str(e, "kind")];
  }
  for (const auto& a : *acts)
    act_rows.push_back(mstch::map{{"id", Str(a, "id")},
                                  {"number", Str(a, "number")},
                                  {"date", Str(a, "date")},
                                  {"donor", Str(a, "donor")},
                                  {"unit", UnitName(app, Str(a, "receiver_unit"), w.lang)},
                                  {"count", std::to_string(a.value("items", nlohmann::json::array()).size())}});
  for (const char* k : {"vehicle", "scooter", "laptop", "computer", "printer", "video_conference", "furniture", "other"})
    kinds.push_back(mstch::map{{"code", std::string(k)}, {"name", http::T(w.lang, std::string("eq_kind_") + k)},
                               {"in_use", std::to_string(in_use[k])}});
  mstch::map d{{"rows", rows},       {"empty", rows.empty()},
               {"acts", act_rows},   {"no_acts", act_rows.empty()},
               {"kinds", kinds},     {"manager", Manager(w)},
               {"units", UnitChoices(app, *w.who, w.lang, "")}};
  return http::SendHtml(req, restinio::status_ok(), RenderPage("equipment", w.Page("eq_title"), d), w.set_cookies);
}

restinio::request_handling_status_t ItemPage(app::App& app, const Req& req, const WebRequest& w,
                                             const std::string& id) {
  auto e = prog::GetEquipment(app, *w.who, "equipment", id);
  if (!e.ok()) return Failure(req, w, e.status());
  auto names = prog::StaffNames(app);
  mstch::map d = ItemRow(app, *e, w.lang, names);
  d["serial_number"] = Str(*e, "serial");
  d["plate"] = Str(*e, "plate");
  std::string kind = Str(*e, "kind");
  d["is_vehicle"] = kind == "vehicle";
  d["is_scooter"] = kind == "scooter";
  d["is_laptop"] = kind == "laptop" || kind == "computer";
  d["written_off"] = Str(*e, "status") == "written_off";
  d["in_use"] = Str(*e, "status") == "in_use";
  d["in_repair"] = Str(*e, "status") == "in_repair";
  if (std::string dev = Str(*e, "device"); !dev.empty()) {
    std::string state = prog::DeviceState(app, dev);
    d["device"] = dev;
    d["device_state"] = state;
    d["device_state_label"] = http::T(w.lang, "eq_device_" + state);
    d["device_revoked"] = state == "revoked";
  }
  if (std::string st = Str(*e, "station"); !st.empty()) d["station"] = UnitName(app, st, w.lang);
  mstch::array trips;
  int64_t km = 0;
  for (const auto& t : e->value("trips", nlohmann::json::array())) {
    int64_t a = t.value("odometer_start", int64_t{0}), b = t.value("odometer_end", int64_t{0});
    km += b - a;
    trips.push_back(mstch::map{{"trip", Str(t, "trip")},
                               {"start", std::to_string(a)},
                               {"end", std::to_string(b)},
                               {"km", std::to_string(b - a)},
                               {"fuel", Str(t, "fuel_litres")}});
  }
  d["trips"] = trips;
  d["no_trips"] = trips.empty();
  d["km"] = std::to_string(km);
  mstch::array history;
  auto h = prog::RecordHistory(app, *w.who, id);
  if (h.ok())
    for (const auto& x : *h) {
      std::string k = Str(x, "kind");
      const auto& data = x.value("data", nlohmann::json::object());
      std::string text = http::T(w.lang, "eq_event_" + k.substr(k.find('.') + 1));
      if (k == "equipment.transferred")
        text += ": " + UnitName(app, Str(data, "from_unit"), w.lang) + " → " + UnitName(app, Str(data, "to_unit"), w.lang);
      for (const char* f : {"reason", "note"})
        if (!Str(data, f).empty()) text += " — " + Str(data, f);
      history.push_back(mstch::map{{"at", DisplayTime(Str(x, "at"))},
                                   {"who", StaffName(names, Str(x, "actor"))},
                                   {"text", text}});
    }
  d["history"] = history;
  d["manager"] = Manager(w) && Str(*e, "status") != "written_off";
  d["units"] = UnitChoices(app, *w.who, w.lang, Str(*e, "unit"));
  return http::SendHtml(req, restinio::status_ok(), RenderPage("equipment_item", w.Page("eq_item"), d), w.set_cookies);
}

// Handover form: items as lines "kind | name | serial | plate | custodian".
nlohmann::json HandoverInput(const Form& f) {
  nlohmann::json j = ToJson(f);
  nlohmann::json items = nlohmann::json::array();
  std::istringstream ss(f.count("items") ? f.at("items") : "");
  std::string line;
  while (std::getline(ss, line)) {
    if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
    std::vector<std::string> parts;
    std::string cur;
    for (char c : line + "|") {
      if (c == '|') {
        parts.push_back(prog::CleanFieldText(cur));
        cur.clear();
      } else {
        cur += c;
      }
    }
    parts.resize(5);
    items.push_back({{"kind", parts[0]}, {"name", parts[1]}, {"serial", parts[2]}, {"plate", parts[3]},
                     {"custodian", parts[4]}});
  }
  j["items"] = items;
  return j;
}

template <typename F>
restinio::request_handling_status_t Post(app::App& app, const Req& req, const std::string& back, F&& run) {
  WebRequest w;
  std::optional<restinio::request_handling_status_t> out;
  auto form = FormOf(app, req, w, &out);
  if (!form) return *out;
  return Finish(req, w, run(*w.who, *form), back, "flash_prog_saved");
}

}  // namespace

void AddEquipmentRoutes(http::Router& router, app::App& app) {
  router.http_get("/equipment", [&app](const Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return RegisterPage(app, req, w);
  });
  router.http_get("/equipment/acts/:id", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto a = prog::GetEquipment(app, *w.who, "act", std::string(params["id"]));
    if (!a.ok()) return Failure(req, w, a.status());
    auto names = prog::StaffNames(app);
    mstch::array items;
    for (const auto& id : a->value("items", nlohmann::json::array())) {
      auto e = prog::GetEquipment(app, *w.who, "equipment", id.get<std::string>());
      if (e.ok()) items.push_back(ItemRow(app, *e, w.lang, names));
    }
    mstch::map d{{"id", Str(*a, "id")},
                 {"number", Str(*a, "number")},
                 {"date", Str(*a, "date")},
                 {"donor", Str(*a, "donor")},
                 {"giver_name", Str(*a, "giver_name")},
                 {"unit", UnitName(app, Str(*a, "receiver_unit"), w.lang)},
                 {"receiver_name", Str(*a, "receiver_name")},
                 {"source", http::T(w.lang, "eq_source_" + Str(*a, "source"))},
                 {"items", items}};
    return http::SendHtml(req, restinio::status_ok(), RenderPage("equipment_act", w.Page("eq_act"), d), w.set_cookies);
  });
  router.http_get("/equipment/acts/:id/pdf", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    auto a = prog::GetEquipment(app, *w.who, "act", std::string(params["id"]));
    if (!a.ok()) return Failure(req, w, a.status());
    const auto* unit = app.catalog().Get()->tree.Find(Str(*a, "receiver_unit"));
    HandoverPdfData d;
    d.number = Str(*a, "number");
    d.date = Str(*a, "date");
    d.donor = Str(*a, "donor");
    d.giver_name = Str(*a, "giver_name");
    d.receiver_unit_tg = unit ? unit->name_tg : Str(*a, "receiver_unit");
    d.receiver_unit_ru = unit ? unit->name_ru : "";
    d.receiver_name = Str(*a, "receiver_name");
    d.source_tg = http::T("tg", "eq_source_" + Str(*a, "source"));
    d.source_ru = http::T("ru", "eq_source_" + Str(*a, "source"));
    for (const auto& id : a->value("items", nlohmann::json::array())) {
      auto e = prog::GetEquipment(app, *w.who, "equipment", id.get<std::string>());
      if (!e.ok()) continue;
      std::string kind = "eq_kind_" + Str(*e, "kind");
      std::string serial = Str(*e, "plate").empty() ? Str(*e, "serial") : Str(*e, "plate");
      d.items.push_back({http::T("tg", kind), http::T("ru", kind), Str(*e, "name"), serial});
    }
    auto pdf = RenderHandoverPdf(d);
    if (!pdf.ok()) return Failure(req, w, pdf.status());
    return http::Respond(req, restinio::status_ok())
        .append_header(restinio::http_field::content_type, "application/pdf")
        .append_header("Content-Disposition", "inline; filename=\"handover-act.pdf\"")
        .set_body(std::move(*pdf))
        .done();
  });
  router.http_get("/equipment/:id", [&app](const Req& req, auto params) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::Redirect(req, "/login", w.set_cookies);
    return ItemPage(app, req, w, std::string(params["id"]));
  });

  router.http_post("/equipment/acts", [&app](const Req& req, auto) {
    return Post(app, req, "/equipment",
                [&](const app::Principal& who, Form& f) { return prog::HandOver(app, who, HandoverInput(f)); });
  });
  router.http_post("/equipment/:id/:step", [&app](const Req& req, auto params) {
    std::string id(params["id"]), step(params["step"]);
    return Post(app, req, "/equipment/" + id, [&](const app::Principal& who, Form& f) -> prog::Outcome {
      if (step == "transfer") return prog::TransferEquipment(app, who, id, f["to_unit"], f["custodian"], f["reason"]);
      if (step == "link") return prog::LinkEquipment(app, who, id, f["device"], f["station"]);
      if (step == "trips")
        return prog::LogVehicleTrip(app, who, id, f["trip"], f["odometer_start"], f["odometer_end"], f["fuel_litres"]);
      if (step == "repair_started" || step == "repair_ended" || step == "written_off")
        return prog::EquipmentStep(app, who, id, step, f[step == "repair_ended" ? "note" : "reason"]);
      prog::Outcome o;
      o.reply = Status::NotFound("no such step");
      return o;
    });
  });
}

}  // namespace sabt::web
