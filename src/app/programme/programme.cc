#include "app/programme/programme.h"

#include <memory>
#include <sstream>

#include "app/attachments.h"
#include "app/programme/programme_projector.h"
#include "domain/file_type.h"
#include "domain/programme/indicator_formula.h"
#include "domain/programme/programme_rules.h"
#include "util/clock.h"
#include "util/hex.h"
#include "util/json_str.h"
#include "util/random.h"
#include "util/sha256.h"
#include "util/text.h"

namespace sabt::app::programme {

std::string CleanFieldText(const std::string& s) { return CleanField(s); }

namespace {

namespace rules = domain::programme;
using domain::Problems;

bool CanManage(const Principal& who) { return domain::Allows(who.role, domain::Action::kManageProgramme); }

// An id given to edit, or a new one.
std::string IdOf(const nlohmann::json& in) {
  std::string id = In(in, "id");
  return id.empty() ? NewUuid() : id;
}

// Lines of a textarea, or the strings of an array; cleaned, empty ones dropped.
std::vector<std::string> Lines(const nlohmann::json& in, const char* k) {
  std::vector<std::string> out;
  auto it = in.find(k);
  if (it == in.end()) return out;
  auto add = [&](const std::string& s) {
    std::string c = CleanFieldText(s);
    if (!c.empty()) out.push_back(c);
  };
  if (it->is_array()) {
    for (const auto& x : *it)
      if (x.is_string()) add(x.get<std::string>());
  } else if (it->is_string()) {
    std::istringstream ss(it->get<std::string>());
    std::string line;
    while (std::getline(ss, line)) add(line);
  }
  return out;
}

nlohmann::json Titles(const nlohmann::json& in, const char* prefix, Problems* p) {
  nlohmann::json t;
  for (const char* lang : {"tg", "ru", "en"}) {
    std::string f = std::string(prefix) + "_" + lang;
    t[lang] = rules::Text(f, In(in, f.c_str()), 300, true, p);
  }
  return t;
}

// Check: a record of `kind` with `id` exists.
Result<std::optional<std::string>> Exists(store::WriteTx& tx, const std::string& kind, const std::string& id,
                                          const char* code) {
  auto r = LoadRecord(tx, kind, id);
  if (!r.ok()) return r.status();
  if (r->is_null()) return std::optional<std::string>(code);
  return std::optional<std::string>();
}

}  // namespace

Outcome SaveProgramme(App& app, const Principal& who, const nlohmann::json& in) {
  if (!CanManage(who)) return Denied("this role may not edit the programme");
  Problems p;
  nlohmann::json d;
  d["code"] = rules::Text("code", In(in, "code"), 40, true, &p);
  d["title"] = Titles(in, "title", &p);
  int64_t from = rules::Day("from", In(in, "from"), true, &p), to = rules::Day("to", In(in, "to"), true, &p);
  if (from >= 0 && to >= 0 && to < from) p.push_back({"to", "prog_period"});
  if (!p.empty()) return Invalid(p);
  d["from"] = In(in, "from");
  d["to"] = In(in, "to");
  if (in.value("demo", false)) d["demo"] = true;
  return WriteEntry(app, who, "programme.saved", IdOf(in), d, nullptr);
}

Outcome SaveComponent(App& app, const Principal& who, const nlohmann::json& in) {
  if (!CanManage(who)) return Denied("this role may not edit the programme");
  Problems p;
  nlohmann::json d;
  d["programme"] = rules::Text("programme", In(in, "programme"), 64, true, &p);
  d["code"] = rules::Text("code", In(in, "code"), 40, true, &p);
  d["title"] = Titles(in, "title", &p);
  if (!p.empty()) return Invalid(p);
  std::string prog = d["programme"];
  return WriteEntry(app, who, "programme.component_saved", IdOf(in), d,
                    [prog](store::WriteTx& tx) { return Exists(tx, "programme", prog, "prog_no_programme"); });
}

Outcome SaveActivity(App& app, const Principal& who, const nlohmann::json& in) {
  if (!CanManage(who)) return Denied("this role may not edit the programme");
  Problems p;
  nlohmann::json d;
  d["component"] = rules::Text("component", In(in, "component"), 64, true, &p);
  d["code"] = rules::Text("code", In(in, "code"), 40, true, &p);
  d["title"] = Titles(in, "title", &p);
  d["partner"] = rules::Text("partner", In(in, "partner"), 200, false, &p);
  std::string unit = In(in, "unit");
  if (!UnitInScope(app, who, unit)) p.push_back({"unit", unit.empty() ? "required" : "prog_unit_scope"});
  d["unit"] = unit;
  std::string owner = In(in, "owner");
  d["owner"] = "";
  if (!owner.empty()) {
    auto u = FindUser(app, owner);
    if (!u) p.push_back({"owner", "prog_unknown_user"});
    else d["owner"] = u->id;
  }
  int64_t from = rules::Day("from", In(in, "from"), true, &p), to = rules::Day("to", In(in, "to"), true, &p);
  if (from >= 0 && to >= 0 && to < from) p.push_back({"to", "prog_period"});
  d["from"] = In(in, "from");
  d["to"] = In(in, "to");
  nlohmann::json ind = nlohmann::json::array();
  std::vector<std::string> ids;
  if (auto it = in.find("indicators"); it != in.end() && it->is_string()) {
    std::string s = it->get<std::string>(), cur;
    for (char c : s + ",") {
      if (c == ',' || c == '\n') {
        std::string t = CleanFieldText(cur);
        if (!t.empty()) ids.push_back(t);
        cur.clear();
      } else {
        cur += c;
      }
    }
  } else {
    ids = Lines(in, "indicators");
  }
  for (const auto& i : ids) ind.push_back(i);
  d["indicators"] = ind;
  if (in.value("demo", false)) d["demo"] = true;
  if (!p.empty()) return Invalid(p);
  std::string id = IdOf(in), comp = d["component"];
  return WriteEntry(app, who, "programme.activity_saved", id, d, [comp, ids](store::WriteTx& tx) {
    auto c = Exists(tx, "component", comp, "prog_no_component");
    if (!c.ok() || c->has_value()) return c;
    for (const auto& i : ids) {
      auto x = Exists(tx, "indicator", i, "prog_no_indicator");
      if (!x.ok() || x->has_value()) return x;
    }
    return Result<std::optional<std::string>>(std::optional<std::string>());
  });
}

Outcome ChangeActivityStatus(App& app, const Principal& who, const std::string& activity_id,
                             const std::string& status, const std::string& reason) {
  if (!CanManage(who)) return Denied("this role may not edit the programme");
  Problems p;
  std::string clean = rules::Text("reason", reason, 1000, true, &p);
  if (!p.empty()) return Invalid(p);
  auto whoc = who;
  return WriteEntry(app, who, "programme.activity_status", activity_id, {{"status", status}, {"reason", clean}},
                    [&app, whoc, activity_id, status, clean](store::WriteTx& tx) -> Result<std::optional<std::string>> {
                      auto a = LoadRecord(tx, "activity", activity_id);
                      if (!a.ok()) return a.status();
                      if (a->is_null() || !UnitInScope(app, whoc, JsonStr(*a, "unit")))
                        return Status::NotFound("no such activity");
                      return rules::CheckActivityStatusChange(JsonStr(*a, "status"), status, clean);
                    });
}

Outcome AddEvidence(App& app, const Principal& who, const std::string& activity_id, const std::string& file_name,
                    std::string bytes) {
  if (!CanManage(who)) return Denied("this role may not edit the programme");
  if (bytes.empty()) return Invalid({{"file", "attachment_empty"}});
  if (bytes.size() > domain::kMaxAttachmentBytes) return Invalid({{"file", "attachment_too_large"}});
  std::string mime = domain::SniffAttachmentType(bytes);
  if (mime.empty()) return Invalid({{"file", "attachment_type"}});
  auto blob = std::make_shared<store::AttachmentBlob>();
  blob->sha256 = HashHex(Sha256(bytes));
  blob->mime = mime;
  blob->size = static_cast<int64_t>(bytes.size());
  blob->data = std::move(bytes);
  nlohmann::json d = {{"sha256", blob->sha256}, {"size", blob->size}, {"mime", mime},
                      {"name", domain::SafeFileName(file_name, mime)}};
  auto whoc = who;
  // The bytes go in with the check, in the same transaction as the entry.
  return WriteEntry(app, who, "programme.evidence_added", activity_id, d,
                    [&app, whoc, activity_id, blob](store::WriteTx& tx) -> Result<std::optional<std::string>> {
                      auto a = LoadRecord(tx, "activity", activity_id);
                      if (!a.ok()) return a.status();
                      if (a->is_null() || !UnitInScope(app, whoc, JsonStr(*a, "unit")))
                        return Status::NotFound("no such activity");
                      SABT_RETURN_IF_ERROR(tx.PutAttachmentBlob(*blob));
                      return std::optional<std::string>();
                    });
}

Outcome SaveGroup(App& app, const Principal& who, const nlohmann::json& in) {
  if (!CanManage(who)) return Denied("this role may not edit the programme");
  Problems p;
  nlohmann::json d;
  d["code"] = rules::Text("code", In(in, "code"), 40, true, &p);
  d["title"] = Titles(in, "title", &p);
  std::string unit = In(in, "unit");
  if (!UnitInScope(app, who, unit)) p.push_back({"unit", unit.empty() ? "required" : "prog_unit_scope"});
  d["unit"] = unit;
  nlohmann::json members = nlohmann::json::array();
  for (const auto& line : Lines(in, "members")) {
    size_t colon = line.find(':');
    std::string name = CleanFieldText(line.substr(0, colon));
    std::string role = colon == std::string::npos ? "" : CleanFieldText(line.substr(colon + 1));
    auto u = FindUser(app, name);
    if (!u) {
      p.push_back({"members", "prog_unknown_user"});
      break;
    }
    members.push_back({{"user", u->id}, {"role_in_group", role}});
  }
  d["members"] = members;
  if (in.value("demo", false)) d["demo"] = true;
  if (!p.empty()) return Invalid(p);
  return WriteEntry(app, who, "programme.group_saved", IdOf(in), d, nullptr);
}

Outcome HoldMeeting(App& app, const Principal& who, const nlohmann::json& in) {
  if (!CanManage(who)) return Denied("this role may not edit the programme");
  Problems p;
  nlohmann::json d;
  d["group"] = rules::Text("group", In(in, "group"), 64, true, &p);
  rules::Day("date", In(in, "date"), true, &p);
  d["date"] = In(in, "date");
  nlohmann::json agenda = nlohmann::json::array();
  for (const auto& l : Lines(in, "agenda")) agenda.push_back(l);
  if (agenda.empty()) p.push_back({"agenda", "required"});
  d["agenda"] = agenda;
  d["minutes"] = rules::Text("minutes", In(in, "minutes"), 20000, false, &p);
  if (in.value("demo", false)) d["demo"] = true;
  if (!p.empty()) return Invalid(p);
  std::string group = d["group"];
  auto whoc = who;
  return WriteEntry(app, who, "programme.meeting_held", IdOf(in), d,
                    [&app, whoc, group](store::WriteTx& tx) -> Result<std::optional<std::string>> {
                      auto g = LoadRecord(tx, "group", group);
                      if (!g.ok()) return g.status();
                      if (g->is_null()) return std::optional<std::string>("prog_no_group");
                      if (!UnitInScope(app, whoc, JsonStr(*g, "unit"))) return Status::NotFound("no such group");
                      return std::optional<std::string>();
                    });
}

Outcome MakeDecision(App& app, const Principal& who, const nlohmann::json& in) {
  if (!CanManage(who)) return Denied("this role may not edit the programme");
  Problems p;
  nlohmann::json d;
  std::string meeting = rules::Text("meeting", In(in, "meeting"), 64, true, &p);
  d["meeting"] = meeting;
  d["text"] = rules::Text("text", In(in, "text"), 2000, true, &p);
  auto u = FindUser(app, In(in, "assignee"));
  if (!u) p.push_back({"assignee", In(in, "assignee").empty() ? "required" : "prog_unknown_user"});
  d["assignee"] = u ? u->id : "";
  rules::Day("deadline", In(in, "deadline"), true, &p);
  d["deadline"] = In(in, "deadline");
  if (in.value("demo", false)) d["demo"] = true;
  if (!p.empty()) return Invalid(p);
  // The group comes from the meeting, read inside the transaction.
  auto whoc = who;
  std::string id = IdOf(in);
  std::string actor = who.user.id;
  auto r = app.writer().Run([&app, whoc, id, d, meeting, actor](WriteContext& ctx) -> Result<nlohmann::json> {
    auto m = LoadRecord(ctx.tx(), "meeting", meeting);
    if (!m.ok()) return m.status();
    if (m->is_null()) return Status::Conflict("prog_no_meeting");
    auto g = LoadRecord(ctx.tx(), "group", JsonStr(*m, "group"));
    if (!g.ok()) return g.status();
    if (!g->is_object() || !UnitInScope(app, whoc, JsonStr(*g, "unit"))) return Status::NotFound("no such meeting");
    journal::NewEntry e;
    e.kind = "programme.decision_made";
    e.subject = id;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = d;
    e.data["group"] = JsonStr(*m, "group");
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"id", id}, {"entry", ap->index}};
  });
  Outcome o;
  if (!r.ok() && r.status().code() == Code::kConflict) o.conflict = r.status().message();
  o.reply = std::move(r);
  return o;
}

Outcome FollowUpDecision(App& app, const Principal& who, const std::string& decision_id, const std::string& note,
                         bool close) {
  if (!domain::Allows(who.role, domain::Action::kReadProgramme)) return Denied("this role may not read the programme");
  Problems p;
  std::string clean = rules::Text("note", note, 2000, true, &p);
  if (!p.empty()) return Invalid(p);
  auto whoc = who;
  return WriteEntry(app, who, close ? "programme.decision_closed" : "programme.decision_followed_up", decision_id,
                    {{"note", clean}},
                    [whoc, decision_id](store::WriteTx& tx) -> Result<std::optional<std::string>> {
                      auto d = LoadRecord(tx, "decision", decision_id);
                      if (!d.ok()) return d.status();
                      if (d->is_null()) return Status::NotFound("no such decision");
                      // The coordinator, or the person the decision is assigned to.
                      if (!CanManage(whoc) && JsonStr(*d, "assignee") != whoc.user.id)
                        return Status::Denied("only the coordinator or the assignee follows a decision up");
                      if (JsonStr(*d, "status") == "closed") return std::optional<std::string>("prog_decision_closed");
                      return std::optional<std::string>();
                    });
}

Outcome DefineIndicator(App& app, const Principal& who, const nlohmann::json& in,
                        const std::function<bool(const std::string&)>& known_counter) {
  if (!CanManage(who)) return Denied("this role may not edit the programme");
  Problems p;
  nlohmann::json d;
  d["code"] = rules::Text("code", In(in, "code"), 40, true, &p);
  d["name"] = Titles(in, "name", &p);
  std::string formula = rules::Text("formula", In(in, "formula"), 200, true, &p);
  if (!formula.empty()) {
    auto f = rules::Formula::Parse(formula);
    if (!f.ok()) {
      p.push_back({"formula", "prog_bad_formula"});
    } else {
      for (const auto& c : f->Counters())
        if (!known_counter || !known_counter(c)) {
          p.push_back({"formula", "prog_unknown_counter"});
          break;
        }
    }
  }
  d["formula"] = formula;
  std::string unit = In(in, "unit");
  if (unit != "count" && unit != "percent" && unit != "days" && unit != "hours") p.push_back({"unit", "prog_bad_unit"});
  d["unit"] = unit;
  for (const char* k : {"baseline", "target"}) {
    std::string v = In(in, k);
    char* end = nullptr;
    double x = v.empty() ? 0 : std::strtod(v.c_str(), &end);
    if (v.empty() || (end && *end) || v.size() > 20) p.push_back({k, v.empty() ? "required" : "prog_bad_number"});
    d[k] = x;
  }
  rules::Day("target_date", In(in, "target_date"), true, &p);
  d["target_date"] = In(in, "target_date");
  std::string dir = In(in, "direction");
  if (dir.empty()) dir = "up";
  if (dir != "up" && dir != "down") p.push_back({"direction", "prog_bad_direction"});
  d["direction"] = dir;
  if (in.value("demo", false)) d["demo"] = true;
  if (!p.empty()) return Invalid(p);
  return WriteEntry(app, who, "indicator.defined", IdOf(in), d, nullptr);
}

Result<std::vector<nlohmann::json>> ListRecords(App& app, const Principal& who, const std::string& kind) {
  if (!domain::Allows(who.role, domain::Action::kReadProgramme)) return Status::Denied("this role may not read the programme");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto rows = (*tx)->ProgrammeRecords(kind);
  if (!rows.ok()) return rows.status();
  std::vector<nlohmann::json> out;
  for (const auto& [id, v] : *rows) {
    auto j = nlohmann::json::parse(v, nullptr, false);
    if (j.is_object()) out.push_back(std::move(j));
  }
  return out;
}

Result<nlohmann::json> GetRecord(App& app, const Principal& who, const std::string& kind, const std::string& id) {
  if (!domain::Allows(who.role, domain::Action::kReadProgramme)) return Status::Denied("this role may not read the programme");
  if (id.size() > 64) return Status::NotFound("no such record");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto r = LoadRecord(**tx, kind, id);
  if (!r.ok()) return r.status();
  if (r->is_null()) return Status::NotFound("no such record");
  return *r;
}

Result<std::vector<nlohmann::json>> RecordHistory(App& app, const Principal& who, const std::string& id) {
  if (!domain::Allows(who.role, domain::Action::kReadProgramme) &&
      !domain::Allows(who.role, domain::Action::kReadEquipment))
    return Status::Denied("this role may not read the programme");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto rows = (*tx)->EntriesBySubject(id);
  if (!rows.ok()) return rows.status();
  std::vector<nlohmann::json> out;
  for (const auto& r : *rows) {
    // Only this capability's kinds: a subject id is a UUID, but the
    // history of a record never shows another capability's entry.
    if (r.kind.rfind("programme.", 0) != 0 && r.kind.rfind("equipment.", 0) != 0 && r.kind.rfind("indicator.", 0) != 0)
      continue;
    auto v = ParseEntry(r.entry, r.idx);
    if (!v.ok()) return v.status();
    out.push_back({{"kind", v->kind}, {"at", v->at}, {"actor", v->actor}, {"data", v->data}, {"index", r.idx}});
  }
  return out;
}

Result<EvidenceFile> GetEvidence(App& app, const Principal& who, const std::string& activity_id,
                                 const std::string& sha256) {
  if (sha256.size() != 64) return Status::NotFound("no such file");
  auto a = GetRecord(app, who, "activity", activity_id);
  if (!a.ok()) return a.status();
  EvidenceFile f;
  int64_t entry = -1;
  for (const auto& ev : a->value("evidence", nlohmann::json::array()))
    if (JsonStr(ev, "sha256") == sha256) {
      f.name = JsonStr(ev, "name");
      f.mime = JsonStr(ev, "mime");
      entry = ev.value("entry", int64_t{-1});
    }
  if (entry < 0) return Status::NotFound("no such file");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto blob = (*tx)->AttachmentData(sha256);
  if (!blob.ok()) return blob.status();
  if (!blob->has_value()) return Status::NotFound("no such file");
  f.data = std::move((*blob)->data);
  tx->reset();
  // The bytes are evidence: never serve bytes the journal does not commit to.
  std::string actual = HashHex(Sha256(f.data));
  if (actual != sha256) {
    store::AttachmentRow meta;
    meta.entry_idx = entry;
    meta.sha256 = sha256;
    SABT_RETURN_IF_ERROR(RaiseAttachmentAlert(app, activity_id, JsonStr(*a, "code"), meta, actual));
    return Status::Corruption("attachment_corrupt");
  }
  return f;
}

std::map<std::string, std::string> StaffNames(App& app) {
  std::map<std::string, std::string> out;
  auto tx = app.store().Read();
  if (!tx.ok()) return out;
  auto users = (*tx)->Users();
  if (!users.ok()) return out;
  for (const auto& u : *users) out[u.id] = u.display_name;
  return out;
}

}  // namespace sabt::app::programme
