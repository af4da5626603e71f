#include "app/programme/programme_projector.h"

#include "util/json_str.h"

namespace sabt::app::programme {
namespace {

Status Corrupt(const EntryView& e, const std::string& what) {
  return Status::Corruption("entry " + std::to_string(e.idx) + ": " + what);
}

Status Put(store::WriteTx& tx, const std::string& kind, const std::string& id, const nlohmann::json& v) {
  return tx.PutProgrammeRecord(kind, id, v.dump());
}

// The entry's data as the record, with its id.
nlohmann::json Fresh(const EntryView& e) {
  nlohmann::json r = e.data.is_object() ? e.data : nlohmann::json::object();
  r["id"] = e.subject;
  return r;
}

// Applies `change` to the existing record (kind, e.subject) and stores it.
template <typename F>
Status Change(store::WriteTx& tx, const EntryView& e, const std::string& kind, F&& change) {
  auto r = LoadRecord(tx, kind, e.subject);
  if (!r.ok()) return r.status();
  if (r->is_null()) return Corrupt(e, e.kind + " of a missing " + kind);
  change(*r);
  return Put(tx, kind, e.subject, *r);
}

Status ProjectEquipment(store::WriteTx& tx, const EntryView& e) {
  if (e.kind == "equipment.handed_over") {
    nlohmann::json act = Fresh(e);
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& it : e.data.value("items", nlohmann::json::array())) {
      nlohmann::json item = it;
      std::string id = JsonStr(it, "id");
      if (id.empty()) return Corrupt(e, "equipment without id");
      item["act"] = e.subject;
      item["source"] = JsonStr(e.data, "source");
      item["donor"] = JsonStr(e.data, "donor");
      item["unit"] = JsonStr(e.data, "receiver_unit");
      item["status"] = "in_use";
      item["trips"] = nlohmann::json::array();
      if (e.data.value("demo", false)) item["demo"] = true;
      SABT_RETURN_IF_ERROR(Put(tx, "equipment", id, item));
      ids.push_back(id);
    }
    act["items"] = ids;
    return Put(tx, "act", e.subject, act);
  }
  return Change(tx, e, "equipment", [&](nlohmann::json& r) {
    if (e.kind == "equipment.transferred") {
      r["unit"] = JsonStr(e.data, "to_unit");
      r["custodian"] = JsonStr(e.data, "custodian");
    } else if (e.kind == "equipment.repair_started") {
      r["status"] = "in_repair";
    } else if (e.kind == "equipment.repair_ended") {
      r["status"] = "in_use";
    } else if (e.kind == "equipment.written_off") {
      r["status"] = "written_off";
    } else if (e.kind == "equipment.linked") {
      for (const char* k : {"device", "station"})
        if (e.data.contains(k)) r[k] = JsonStr(e.data, k);
    } else if (e.kind == "equipment.trip_logged") {
      nlohmann::json t = e.data;
      t["at"] = e.at;
      r["trips"].push_back(t);
    }
  });
}

}  // namespace

Result<nlohmann::json> LoadRecord(store::ReadTx& tx, const std::string& kind, const std::string& id) {
  auto v = tx.ProgrammeRecord(kind, id);
  if (!v.ok()) return v.status();
  if (!v->has_value()) return nlohmann::json(nullptr);
  auto j = nlohmann::json::parse(**v, nullptr, false);
  if (j.is_discarded()) return Status::Corruption("programme record " + kind + "/" + id + " is not JSON");
  return j;
}

std::optional<Status> ProjectProgramme(store::WriteTx& tx, const EntryView& e) {
  const std::string& k = e.kind;
  if (k == "programme.saved") return Put(tx, "programme", e.subject, Fresh(e));
  if (k == "programme.component_saved") return Put(tx, "component", e.subject, Fresh(e));
  if (k == "programme.group_saved") return Put(tx, "group", e.subject, Fresh(e));
  if (k == "indicator.defined") return Put(tx, "indicator", e.subject, Fresh(e));
  if (k == "programme.activity_saved") {
    auto old = LoadRecord(tx, "activity", e.subject);
    if (!old.ok()) return old.status();
    nlohmann::json r = Fresh(e);
    r["status"] = old->is_object() ? (*old)["status"] : nlohmann::json("planned");
    r["evidence"] = old->is_object() ? (*old)["evidence"] : nlohmann::json::array();
    return Put(tx, "activity", e.subject, r);
  }
  if (k == "programme.activity_status")
    return Change(tx, e, "activity", [&](nlohmann::json& r) { r["status"] = JsonStr(e.data, "status"); });
  if (k == "programme.evidence_added")
    return Change(tx, e, "activity", [&](nlohmann::json& r) {
      nlohmann::json ev = e.data;
      ev["entry"] = e.idx;
      ev["at"] = e.at;
      r["evidence"].push_back(ev);
    });
  if (k == "programme.meeting_held") {
    nlohmann::json r = Fresh(e);
    r["decisions"] = nlohmann::json::array();
    return Put(tx, "meeting", e.subject, r);
  }
  if (k == "programme.decision_made") {
    nlohmann::json r = Fresh(e);
    r["status"] = "open";
    r["follow_ups"] = 0;
    r["closed_at"] = "";
    SABT_RETURN_IF_ERROR(Put(tx, "decision", e.subject, r));
    auto m = LoadRecord(tx, "meeting", JsonStr(e.data, "meeting"));
    if (!m.ok()) return m.status();
    if (!m->is_object()) return Corrupt(e, "decision of a missing meeting");
    (*m)["decisions"].push_back(e.subject);
    return Put(tx, "meeting", JsonStr(e.data, "meeting"), *m);
  }
  if (k == "programme.decision_followed_up")
    return Change(tx, e, "decision", [&](nlohmann::json& r) {
      r["follow_ups"] = r.value("follow_ups", 0) + 1;
      r["last_note"] = JsonStr(e.data, "note");
    });
  if (k == "programme.decision_closed")
    return Change(tx, e, "decision", [&](nlohmann::json& r) {
      r["status"] = "closed";
      r["closed_at"] = e.at;
      r["last_note"] = JsonStr(e.data, "note");
    });
  if (k.rfind("equipment.", 0) == 0) {
    if (k == "equipment.handed_over" || k == "equipment.transferred" || k == "equipment.repair_started" ||
        k == "equipment.repair_ended" || k == "equipment.written_off" || k == "equipment.linked" ||
        k == "equipment.trip_logged")
      return ProjectEquipment(tx, e);
  }
  return std::nullopt;
}

}  // namespace sabt::app::programme
