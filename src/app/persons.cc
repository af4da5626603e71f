#include "app/persons.h"

#include "domain/role.h"

namespace sabt::app {

Status JournalAuditRead(App& app, const Principal& who, const std::string& subject, const std::string& record,
                        const std::string& reason) {
  std::string actor = who.user.id;
  auto r = app.writer().Run([actor, subject, record, reason](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "audit.viewed";
    e.subject = subject;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"record", record}};
    e.payload = nlohmann::json{{"reason", reason}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  return r.status();
}

Result<PersonView> GetPerson(App& app, const Principal& who, const std::string& id, const std::string& reason) {
  if (!domain::Allows(who.role, domain::Action::kReadAppeal)) return Status::Denied("this role may not read appeals");
  if (id.empty() || id.size() > 64) return Status::NotFound("no such person");
  PersonView v;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto p = (*tx)->Person(id);
    if (!p.ok()) return p.status();
    if (!p->has_value()) return Status::NotFound("no such person");
    v.person = **p;
    auto appeals = (*tx)->AppealsOfPerson(id, app.catalog().Get()->tree.Subtree(who.user.department));
    if (!appeals.ok()) return appeals.status();
    v.appeals = std::move(*appeals);
  }
  // Nothing in scope: the person's existence does not leak.
  if (v.appeals.empty()) return Status::NotFound("no such person");
  if (domain::IsOversight(who.role)) {
    if (reason.empty()) return Status::Invalid("reason_required");
    SABT_RETURN_IF_ERROR(JournalAuditRead(app, who, id, "person", reason));
  }
  return v;
}

}  // namespace sabt::app
