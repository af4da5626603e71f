#include "app/persons/merge.h"

#include <algorithm>

#include "domain/role.h"
#include "util/text.h"

namespace sabt::app::persons {
namespace {

constexpr size_t kMaxReason = 2000;

// The master of a person row, when one of its rows has a record in `scope`.
Result<std::string> MasterInScope(store::ReadTx& tx, const std::string& person_id,
                                  const std::vector<std::string>& scope) {
  if (person_id.empty() || person_id.size() > 64) return Status::NotFound("no such person");
  auto m = tx.PersonMasterOf(person_id);
  if (!m.ok()) return m.status();
  if (!m->has_value()) return Status::NotFound("no such person");
  auto rows = tx.PersonsOfMaster(**m);
  if (!rows.ok()) return rows.status();
  std::vector<std::string> ids;
  for (const auto& r : *rows) ids.push_back(r.id);
  auto refs = tx.PersonRefs(ids, scope);
  if (!refs.ok()) return refs.status();
  if (refs->empty()) return Status::NotFound("no such person");
  return **m;
}

Status CheckReason(const std::string& reason) {
  if (CleanField(reason).empty()) return Status::Invalid("reason_required");
  if (reason.size() > kMaxReason) return Status::Invalid("reason_too_long");
  return Status::Ok();
}

}  // namespace

Result<nlohmann::json> MergePersons(App& app, const Principal& who, const std::string& into_person,
                                    const std::string& from_person, const std::string& reason) {
  if (!domain::Allows(who.role, domain::Action::kMergePersons)) return Status::Denied("only a head merges persons");
  SABT_RETURN_IF_ERROR(CheckReason(reason));
  auto scope = app.catalog().Get()->tree.Subtree(who.user.department);
  std::string actor = who.user.id, clean_reason = CleanField(reason);
  return app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    auto into = MasterInScope(ctx.tx(), into_person, scope);
    if (!into.ok()) return into.status();
    auto from = MasterInScope(ctx.tx(), from_person, scope);
    if (!from.ok()) return from.status();
    if (*into == *from) return Status::Invalid("same_person");
    auto rows = ctx.tx().PersonsOfMaster(*from);
    if (!rows.ok()) return rows.status();
    std::vector<std::string> persons;
    for (const auto& r : *rows) persons.push_back(r.id);
    std::sort(persons.begin(), persons.end());
    journal::NewEntry e;
    e.kind = "person.merged";
    e.subject = *into;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"from", *from}, {"persons", persons}};
    e.payload = nlohmann::json{{"reason", clean_reason}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"merge", ap->index}, {"into", *into}, {"from", *from}, {"persons", persons}};
  });
}

Result<nlohmann::json> UnmergePersons(App& app, const Principal& who, int64_t merge_idx, const std::string& reason) {
  if (!domain::Allows(who.role, domain::Action::kMergePersons)) return Status::Denied("only a head unmerges persons");
  SABT_RETURN_IF_ERROR(CheckReason(reason));
  auto scope = app.catalog().Get()->tree.Subtree(who.user.department);
  std::string actor = who.user.id, clean_reason = CleanField(reason);
  return app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    auto m = ctx.tx().PersonMergeAt(merge_idx);
    if (!m.ok()) return m.status();
    if (!m->has_value()) return Status::NotFound("no such merge");
    const auto& row = **m;
    auto into = MasterInScope(ctx.tx(), row.into_master, scope);
    if (!into.ok()) return Status::NotFound("no such merge");
    if (row.undone_idx != 0) return Status::Invalid("merge_undone");
    for (const auto& id : row.persons) {
      auto cur = ctx.tx().PersonMasterOf(id);
      if (!cur.ok()) return cur.status();
      if (!cur->has_value() || **cur != row.into_master) return Status::Invalid("merged_again");
    }
    journal::NewEntry e;
    e.kind = "person.unmerged";
    e.subject = row.into_master;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"merge", merge_idx}, {"persons", row.persons}};
    e.payload = nlohmann::json{{"reason", clean_reason}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"unmerge", ap->index}, {"merge", merge_idx}, {"into", row.into_master},
                          {"from", row.from_master}, {"persons", row.persons}};
  });
}

}  // namespace sabt::app::persons
