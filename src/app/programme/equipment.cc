#include "app/programme/equipment.h"

#include "app/programme/programme.h"
#include "app/programme/programme_projector.h"
#include "domain/programme/programme_rules.h"
#include "util/json_str.h"
#include "util/random.h"
#include "util/text.h"

namespace sabt::app::programme {
namespace {

namespace rules = domain::programme;
using domain::Problems;

bool CanManage(const Principal& who) { return domain::Allows(who.role, domain::Action::kManageEquipment); }

// Inside the write transaction: the item, in the caller's scope, and the
// rule of `step` from its status.
Result<std::optional<std::string>> CheckItem(App& app, const Principal& who, store::WriteTx& tx,
                                             const std::string& id, rules::EquipmentStep step,
                                             nlohmann::json* item = nullptr) {
  auto r = LoadRecord(tx, "equipment", id);
  if (!r.ok()) return r.status();
  if (r->is_null() || !UnitInScope(app, who, JsonStr(*r, "unit"))) return Status::NotFound("no such equipment");
  if (item) *item = *r;
  return rules::CheckEquipmentStep(JsonStr(*r, "status"), step);
}

}  // namespace

Outcome HandOver(App& app, const Principal& who, const nlohmann::json& in) {
  if (!CanManage(who)) return Denied("this role may not manage equipment");
  Problems p;
  nlohmann::json d;
  d["number"] = rules::Text("number", In(in, "number"), 60, true, &p);
  rules::Day("date", In(in, "date"), true, &p);
  d["date"] = In(in, "date");
  std::string source = In(in, "source");
  if (source != "donation" && source != "procurement") p.push_back({"source", "eq_bad_source"});
  d["source"] = source;
  d["donor"] = rules::Text("donor", In(in, "donor"), 200, true, &p);
  d["giver_name"] = rules::Text("giver_name", In(in, "giver_name"), 200, true, &p);
  d["receiver_name"] = rules::Text("receiver_name", In(in, "receiver_name"), 200, true, &p);
  std::string unit = In(in, "receiver_unit");
  if (!UnitInScope(app, who, unit)) p.push_back({"receiver_unit", unit.empty() ? "required" : "prog_unit_scope"});
  d["receiver_unit"] = unit;
  nlohmann::json items = nlohmann::json::array();
  auto list = in.find("items");
  if (list == in.end() || !list->is_array() || list->empty() || list->size() > 200) {
    p.push_back({"items", "required"});
  } else {
    for (const auto& it : *list) {
      if (!it.is_object()) {
        p.push_back({"items", "required"});
        break;
      }
      nlohmann::json item;
      item["id"] = NewUuid();
      std::string kind = In(it, "kind");
      if (!rules::IsEquipmentKind(kind)) p.push_back({"items", "eq_bad_kind"});
      item["kind"] = kind;
      item["name"] = rules::Text("items", In(it, "name"), 200, true, &p);
      item["serial"] = rules::Text("items", In(it, "serial"), 80, false, &p);
      item["plate"] = rules::Text("items", In(it, "plate"), 20, false, &p);
      item["custodian"] = "";
      if (std::string c = In(it, "custodian"); !c.empty()) {
        auto u = FindUser(app, c);
        if (!u) p.push_back({"items", "prog_unknown_user"});
        else item["custodian"] = u->id;
      }
      items.push_back(item);
    }
  }
  d["items"] = items;
  if (in.value("demo", false)) d["demo"] = true;
  if (!p.empty()) return Invalid(p);
  auto o = WriteEntry(app, who, "equipment.handed_over", NewUuid(), d, nullptr);
  if (o.reply.ok()) {
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& it : items) ids.push_back(it["id"]);
    (*o.reply)["items"] = ids;
  }
  return o;
}

Outcome TransferEquipment(App& app, const Principal& who, const std::string& id, const std::string& to_unit,
                          const std::string& custodian, const std::string& reason) {
  if (!CanManage(who)) return Denied("this role may not manage equipment");
  Problems p;
  std::string why = rules::Text("reason", reason, 1000, true, &p);
  if (!UnitInScope(app, who, to_unit)) p.push_back({"to_unit", to_unit.empty() ? "required" : "prog_unit_scope"});
  std::string custodian_id;
  if (!custodian.empty()) {
    auto u = FindUser(app, custodian);
    if (!u) p.push_back({"custodian", "prog_unknown_user"});
    else custodian_id = u->id;
  }
  if (!p.empty()) return Invalid(p);
  auto whoc = who;
  auto from = std::make_shared<std::string>();
  nlohmann::json d = {{"to_unit", to_unit}, {"custodian", custodian_id}, {"reason", why}};
  // from_unit is read inside the transaction; the entry carries it.
  std::string actor = who.user.id;
  auto r = app.writer().Run([&app, whoc, id, d, actor](WriteContext& ctx) -> Result<nlohmann::json> {
    nlohmann::json item;
    auto c = CheckItem(app, whoc, ctx.tx(), id, rules::EquipmentStep::kTransfer, &item);
    if (!c.ok()) return c.status();
    if (c->has_value()) return Status::Conflict(**c);
    if (JsonStr(item, "unit") == JsonStr(d, "to_unit")) return Status::Conflict("eq_same_unit");
    journal::NewEntry e;
    e.kind = "equipment.transferred";
    e.subject = id;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = d;
    e.data["from_unit"] = JsonStr(item, "unit");
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"id", id}, {"entry", ap->index}};
  });
  Outcome o;
  if (!r.ok() && r.status().code() == Code::kConflict) o.conflict = r.status().message();
  o.reply = std::move(r);
  return o;
}

Outcome EquipmentStep(App& app, const Principal& who, const std::string& id, const std::string& step,
                      const std::string& text) {
  if (!CanManage(who)) return Denied("this role may not manage equipment");
  rules::EquipmentStep s;
  const char* field = "reason";
  if (step == "repair_started") s = rules::EquipmentStep::kRepairStart;
  else if (step == "repair_ended") s = rules::EquipmentStep::kRepairEnd, field = "note";
  else if (step == "written_off") s = rules::EquipmentStep::kWriteOff;
  else return Invalid({{"step", "eq_bad_step"}});
  Problems p;
  std::string clean = rules::Text(field, text, 1000, true, &p);
  if (!p.empty()) return Invalid(p);
  auto whoc = who;
  return WriteEntry(app, who, "equipment." + step, id, {{field, clean}},
                    [&app, whoc, id, s](store::WriteTx& tx) { return CheckItem(app, whoc, tx, id, s); });
}

Outcome LinkEquipment(App& app, const Principal& who, const std::string& id, const std::string& device,
                      const std::string& station) {
  if (!CanManage(who)) return Denied("this role may not manage equipment");
  if (device.empty() == station.empty()) return Invalid({{"device", "eq_link_one"}});
  nlohmann::json d;
  if (!device.empty()) {
    if (device.size() > 100) return Invalid({{"device", "too_long"}});
    d["device"] = device;
  } else {
    const auto* st = app.catalog().Get()->tree.Find(station);
    if (!st || st->kind != domain::DepartmentKind::kMobile || !UnitInScope(app, who, station))
      return Invalid({{"station", "eq_bad_station"}});
    d["station"] = station;
  }
  auto whoc = who;
  bool is_device = !device.empty();
  return WriteEntry(app, who, "equipment.linked", id, d,
                    [&app, whoc, id, is_device](store::WriteTx& tx) -> Result<std::optional<std::string>> {
                      nlohmann::json item;
                      auto c = CheckItem(app, whoc, tx, id, rules::EquipmentStep::kLink, &item);
                      if (!c.ok() || c->has_value()) return c;
                      std::string kind = JsonStr(item, "kind");
                      if (is_device && kind != "laptop" && kind != "computer")
                        return std::optional<std::string>("eq_link_kind");
                      if (!is_device && kind != "scooter") return std::optional<std::string>("eq_link_kind");
                      return std::optional<std::string>();
                    });
}

Outcome LogVehicleTrip(App& app, const Principal& who, const std::string& id, const std::string& trip_id,
                       const std::string& odometer_start, const std::string& odometer_end, const std::string& fuel) {
  if (!CanManage(who)) return Denied("this role may not manage equipment");
  int64_t a = 0, b = 0;
  Problems p;
  if (!ParseInt64(odometer_start, &a)) p.push_back({"odometer_start", "eq_bad_odometer"});
  if (!ParseInt64(odometer_end, &b)) p.push_back({"odometer_end", "eq_bad_odometer"});
  if (p.empty())
    if (auto why = rules::CheckTripReadings(a, b, fuel)) p.push_back({*why == "eq_bad_fuel" ? "fuel" : "odometer_end", *why});
  if (trip_id.empty() || trip_id.size() > 64) p.push_back({"trip", "required"});
  if (!p.empty()) return Invalid(p);
  auto whoc = who;
  nlohmann::json d = {{"trip", trip_id}, {"odometer_start", a}, {"odometer_end", b}, {"fuel_litres", fuel}};
  return WriteEntry(app, who, "equipment.trip_logged", id, d,
                    [&app, whoc, id, trip_id](store::WriteTx& tx) -> Result<std::optional<std::string>> {
                      nlohmann::json item;
                      auto c = CheckItem(app, whoc, tx, id, rules::EquipmentStep::kTripLog, &item);
                      if (!c.ok() || c->has_value()) return c;
                      if (JsonStr(item, "kind") != "vehicle") return std::optional<std::string>("eq_link_kind");
                      // The trip must be one of the vehicle's unit (or its subtree).
                      auto t = tx.Trip(trip_id);
                      if (!t.ok()) return t.status();
                      if (!t->has_value() ||
                          !app.catalog().Get()->tree.InScope(JsonStr(item, "unit"), (*t)->unit))
                        return std::optional<std::string>("eq_no_trip");
                      for (const auto& x : item.value("trips", nlohmann::json::array()))
                        if (JsonStr(x, "trip") == trip_id) return std::optional<std::string>("eq_trip_logged");
                      return std::optional<std::string>();
                    });
}

Result<std::vector<nlohmann::json>> ListEquipment(App& app, const Principal& who, const std::string& kind) {
  if (!domain::Allows(who.role, domain::Action::kReadEquipment)) return Status::Denied("this role may not read equipment");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto rows = (*tx)->ProgrammeRecords(kind);
  if (!rows.ok()) return rows.status();
  auto snap = app.catalog().Get();
  std::vector<nlohmann::json> out;
  const char* unit_field = kind == "act" ? "receiver_unit" : "unit";
  for (const auto& [id, v] : *rows) {
    auto j = nlohmann::json::parse(v, nullptr, false);
    if (j.is_object() && snap->tree.InScope(who.user.department, JsonStr(j, unit_field))) out.push_back(std::move(j));
  }
  return out;
}

Result<nlohmann::json> GetEquipment(App& app, const Principal& who, const std::string& kind, const std::string& id) {
  if (!domain::Allows(who.role, domain::Action::kReadEquipment)) return Status::Denied("this role may not read equipment");
  if (id.size() > 64) return Status::NotFound("no such equipment");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto r = LoadRecord(**tx, kind, id);
  if (!r.ok()) return r.status();
  const char* unit_field = kind == "act" ? "receiver_unit" : "unit";
  if (r->is_null() || !app.catalog().Get()->tree.InScope(who.user.department, JsonStr(*r, unit_field)))
    return Status::NotFound("no such equipment");
  return *r;
}

std::string DeviceState(App& app, const std::string& origin) {
  if (origin.empty()) return "unknown";
  auto tx = app.store().Read();
  if (!tx.ok()) return "unknown";
  auto rec = (*tx)->SyncRecord("device", origin);
  if (!rec.ok() || !rec->has_value()) return "unknown";
  auto j = nlohmann::json::parse(**rec, nullptr, false);
  if (!j.is_object()) return "unknown";
  return JsonStr(j, "status") == "revoked" ? "revoked" : "active";
}

}  // namespace sabt::app::programme
