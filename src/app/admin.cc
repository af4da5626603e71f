#include "app/admin.h"

#include "domain/role.h"
#include "util/clock.h"
#include "util/csv.h"
#include "util/password.h"
#include "util/random.h"
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
  if (!app.catalog().Get()->tree.Find(u.department))
    return Status::Invalid("unknown department '" + u.department + "'");
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
  if (list != "channels" && list != "appeal_categories" && list != "holidays" && list != "return_grounds" &&
      list != "crime_keywords" && list != "settings" && list != "crime_deadlines" &&
      list != "refusal_grounds" && list != "jamoats" && list != "department_contacts" &&
      list != "submission_reject_grounds")
    return Status::Invalid("unknown list '" + list + "'");
  auto rows = ParseCsv(csv);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Invalid("empty file");
  const auto& header = (*rows)[0];
  if (header.size() < 4 || header[0] != "code" || header[1] != "name_tg" || header[2] != "name_ru" ||
      header[3] != "name_en")
    return Status::Invalid("line 1: header must start with code,name_tg,name_ru,name_en");
  nlohmann::json items = nlohmann::json::array();
  std::set<std::string> seen;
  for (size_t i = 1; i < rows->size(); ++i) {
    const auto& r = (*rows)[i];
    std::string line = "line " + std::to_string(i + 1);
    if (r.size() == 1 && r[0].empty()) continue;
    if (r.size() != header.size()) return Status::Invalid(line + ": expected " + std::to_string(header.size()) + " columns");
    if (r[0].empty() || r[1].empty() || r[2].empty() || r[3].empty())
      return Status::Invalid(line + ": code and all three names are required");
    if (!seen.insert(r[0]).second) return Status::Invalid(line + ": duplicate code '" + r[0] + "'");
    if (list == "holidays" && !ParseDate(r[0]).ok()) return Status::Invalid(line + ": code must be a date YYYY-MM-DD");
    nlohmann::json extra = nlohmann::json::object();
    for (size_t c = 4; c < header.size(); ++c) {
      const std::string& v = r[c];
      bool numeric = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos && v.size() < 10;
      if (numeric) extra[header[c]] = std::stoll(v);
      else if (v == "yes" || v == "no") extra[header[c]] = (v == "yes");
      else extra[header[c]] = NormalizeNfc(v);
    }
    items.push_back({{"code", r[0]},
                     {"name_tg", NormalizeNfc(r[1])},
                     {"name_ru", NormalizeNfc(r[2])},
                     {"name_en", NormalizeNfc(r[3])},
                     {"extra", extra}});
  }
  auto res = app.writer().Run([list, items, actor](WriteContext& ctx) -> Result<nlohmann::json> {
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
