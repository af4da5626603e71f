#include "app/admin.h"

#include "domain/role.h"
#include "util/clock.h"
#include "util/csv.h"
#include "util/password.h"
#include "util/random.h"
#include "util/sha256.h"
#include "util/text.h"

namespace sabt::app {
namespace {

nlohmann::json DepartmentData(const domain::Department& d) {
  return {{"code", d.code},
          {"parent", d.parent.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.parent)},
          {"kind", std::string(domain::DepartmentKindId(d.kind))},
          {"name_tg", d.name_tg},
          {"name_ru", d.name_ru},
          {"name_en", d.name_en}};
}

bool ValidUsername(const std::string& u) {
  if (u.size() < 2 || u.size() > 40) return false;
  for (char c : u)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

}  // namespace

Status UpsertDepartment(App& app, const domain::Department& d, const std::string& actor) {
  auto r = app.writer().Run([d, actor](WriteContext& ctx) -> Result<nlohmann::json> {
    auto all = ctx.tx().Departments();
    if (!all.ok()) return all.status();
    auto tree = domain::DepartmentTree::Build(*all);
    if (!tree.ok()) return tree.status();
    SABT_RETURN_IF_ERROR(domain::ValidateDepartment(d, *tree));
    journal::NewEntry e;
    e.kind = "department.upserted";
    e.subject = d.code;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = DepartmentData(d);
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  return r.status();
}

Status LoadDepartmentsCsv(App& app, std::string_view csv, const std::string& actor) {
  auto rows = ParseCsv(csv);
  if (!rows.ok()) return rows.status();
  std::vector<domain::Department> depts;
  for (size_t i = 1; i < rows->size(); ++i) {
    const auto& r = (*rows)[i];
    if (r.size() == 1 && r[0].empty()) continue;
    if (r.size() != 6) return Status::Invalid("line " + std::to_string(i + 1) + ": expected 6 columns");
    domain::Department d;
    d.code = r[0];
    d.parent = r[1];
    auto kind = domain::ParseDepartmentKind(r[2]);
    if (!kind) return Status::Invalid("line " + std::to_string(i + 1) + ": unknown kind '" + r[2] + "'");
    d.kind = *kind;
    d.name_tg = NormalizeNfc(r[3]);
    d.name_ru = NormalizeNfc(r[4]);
    d.name_en = NormalizeNfc(r[5]);
    depts.push_back(std::move(d));
  }
  // Check the whole file as one tree before writing anything.
  auto tree = domain::DepartmentTree::Build(depts);
  if (!tree.ok()) return tree.status();
  auto r = app.writer().Run([depts, actor, ordered = tree->Ordered()](WriteContext& ctx) -> Result<nlohmann::json> {
    for (const auto& [d, depth] : ordered) {
      auto all = ctx.tx().Departments();
      if (!all.ok()) return all.status();
      auto cur = domain::DepartmentTree::Build(*all);
      if (!cur.ok()) return cur.status();
      SABT_RETURN_IF_ERROR(domain::ValidateDepartment(*d, *cur));
      journal::NewEntry e;
      e.kind = "department.upserted";
      e.subject = d->code;
      e.actor = actor;
      e.at_ms = ctx.now_ms();
      e.data = DepartmentData(*d);
      auto ap = ctx.Record(std::move(e));
      if (!ap.ok()) return ap.status();
    }
    return nlohmann::json::object();
  });
  return r.status();
}

Result<std::string> AddUser(App& app, const NewUser& u, const std::string& actor) {
  if (!ValidUsername(u.username))
    return Status::Invalid("username must be 2-40 of a-z, 0-9, '.', '_' and '-'");
  if (!domain::ParseRole(u.role)) return Status::Invalid("unknown role '" + u.role + "'");
  const auto* dept = app.catalog().Get()->tree.Find(u.department);
  if (!dept) return Status::Invalid("unknown department '" + u.department + "'");
  if (dept->closed()) return Status::Invalid("department " + u.department + " is closed: it takes no new users");
  SABT_RETURN_IF_ERROR(CheckPasswordPolicy(u.password));
  auto hash = HashPassword(u.password);
  if (!hash.ok()) return hash.status();
  std::string id = NewUuid();
  std::string display = CleanField(u.display_name.empty() ? u.username : u.display_name);
  auto r = app.writer().Run([u, id, display, actor, h = *hash](WriteContext& ctx) -> Result<nlohmann::json> {
    auto existing = ctx.tx().UserByUsername(u.username);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) return Status::Conflict("username '" + u.username + "' is taken");
    journal::NewEntry e;
    e.kind = "user.created";
    e.subject = id;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"username", u.username}, {"role", u.role}, {"department", u.department}, {"display_name", display}};
    e.payload = nlohmann::json{{"password_hash", h}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  if (!r.ok()) return r.status();
  return id;
}

Status LoadReferenceCsv(App& app, const std::string& list, std::string_view csv, const std::string& actor) {
  if (!domain::IsReferenceList(list)) return Status::Invalid("unknown list '" + list + "'");
  auto parsed = domain::ParseReferenceCsv(list, csv);
  if (auto* p = std::get_if<std::vector<domain::LineProblem>>(&parsed)) return Status::Invalid(domain::ProblemsText(*p));
  return ApplyReferenceRows(app, list, std::get<std::vector<domain::ReferenceRow>>(parsed), actor);
}

std::string ReferenceDigest(const std::vector<store::ReferenceItem>& items) {
  nlohmann::json all = nlohmann::json::array();
  for (const auto& i : items) {
    auto extra = nlohmann::json::parse(i.extra.empty() ? std::string("{}") : i.extra, nullptr, false);
    all.push_back({i.code, i.name_tg, i.name_ru, i.name_en, extra.is_discarded() ? nlohmann::json(i.extra) : extra});
  }
  return HashHex(Sha256(all.dump()));
}

Status ApplyReferenceRows(App& app, const std::string& list, const std::vector<domain::ReferenceRow>& rows,
                          const std::string& actor, const std::string& expected_digest) {
  if (!domain::IsReferenceList(list)) return Status::Invalid("unknown list '" + list + "'");
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows)
    items.push_back(
        {{"code", r.code}, {"name_tg", r.name_tg}, {"name_ru", r.name_ru}, {"name_en", r.name_en}, {"extra", r.extra}});
  auto res = app.writer().Run([list, items, actor, expected_digest](WriteContext& ctx) -> Result<nlohmann::json> {
    if (!expected_digest.empty()) {
      auto current = ctx.tx().Reference(list);
      if (!current.ok()) return current.status();
      if (ReferenceDigest(*current) != expected_digest)
        return Status::Conflict("the list '" + list + "' changed since the preview");
    }
    journal::NewEntry e;
    e.kind = "reference.loaded";
    e.subject = list;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"list", list}, {"rows", items}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  return res.status();
}

}  // namespace sabt::app
