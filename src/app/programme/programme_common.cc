#include "app/programme/programme_common.h"

#include "util/json_str.h"

namespace sabt::app::programme {

Outcome Denied(const char* why) {
  Outcome o;
  o.reply = Status::Denied(why);
  return o;
}

Outcome Invalid(domain::Problems p) {
  Outcome o;
  o.problems = std::move(p);
  o.reply = Status::Invalid("invalid input");
  return o;
}

bool UnitInScope(App& app, const Principal& who, const std::string& unit) {
  auto snap = app.catalog().Get();
  return !unit.empty() && snap->tree.Find(unit) && snap->tree.InScope(who.user.department, unit);
}

std::string In(const nlohmann::json& in, const char* k) {
  auto it = in.find(k);
  if (it == in.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};
}

std::optional<store::UserRow> FindUser(App& app, const std::string& username_or_id) {
  if (username_or_id.empty() || username_or_id.size() > 100) return std::nullopt;
  auto tx = app.store().Read();
  if (!tx.ok()) return std::nullopt;
  auto u = (*tx)->UserByUsername(username_or_id);
  if (u.ok() && u->has_value() && !(*u)->disabled) return **u;
  u = (*tx)->UserById(username_or_id);
  if (u.ok() && u->has_value() && !(*u)->disabled) return **u;
  return std::nullopt;
}

Outcome WriteEntry(App& app, const Principal& who, std::string kind, std::string subject, nlohmann::json data,
                   Check check) {
  std::string actor = who.user.id;
  auto r = app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    if (check) {
      auto why = check(ctx.tx());
      if (!why.ok()) return why.status();
      if (why->has_value()) return Status::Conflict(**why);
    }
    journal::NewEntry e;
    e.kind = kind;
    e.subject = subject;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = data;
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"id", subject}, {"entry", ap->index}};
  });
  Outcome o;
  if (!r.ok() && r.status().code() == Code::kConflict) o.conflict = r.status().message();
  o.reply = std::move(r);
  return o;
}

}  // namespace sabt::app::programme
