#include "app/admin/department_close.h"

#include "app/admin.h"
#include "domain/role.h"
#include "util/text.h"

namespace sabt::app {

Result<std::vector<domain::CloseBlocker>> DepartmentCloseBlockers(App& app, const std::string& code) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto load = (*tx)->DepartmentLoadOf(code);
  if (!load.ok()) return load.status();
  auto all = (*tx)->Departments();
  if (!all.ok()) return all.status();
  auto tree = domain::DepartmentTree::Build(*all);
  if (!tree.ok()) return tree.status();
  if (!tree->Find(code)) return Status::NotFound("no department '" + code + "'");
  return domain::CloseBlockers(code, *tree, *load);
}

Status CloseDepartment(App& app, const CloseRequest& in, const std::string& actor) {
  CloseRequest r{CleanField(in.code), NormalizeNfc(CleanField(in.reason)), CleanField(in.successor)};
  auto out = app.writer().Run([r, actor](WriteContext& ctx) -> Result<nlohmann::json> {
    auto all = ctx.tx().Departments();
    if (!all.ok()) return all.status();
    auto tree = domain::DepartmentTree::Build(*all);
    if (!tree.ok()) return tree.status();
    auto load = ctx.tx().DepartmentLoadOf(r.code);
    if (!load.ok()) return load.status();
    SABT_RETURN_IF_ERROR(domain::CheckDepartmentClose(r.code, r.reason, r.successor, *tree, *load));
    journal::NewEntry e;
    e.kind = "department.closed";
    e.subject = r.code;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"code", r.code},
              {"reason", r.reason},
              {"successor", r.successor.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.successor)}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  return out.status();
}

Status CloseDepartmentByAdmin(App& app, const Principal& who, const CloseRequest& r) {
  if (!domain::Allows(who.role, domain::Action::kManageDepartments))
    return Status::Denied("only an admin manages departments");
  auto snap = app.catalog().Get();
  std::string code = CleanField(r.code);
  // Outside the subtree, or the admin's own: as if it did not exist.
  if (code == who.user.department || !snap->tree.Find(code) || !snap->tree.InScope(who.user.department, code))
    return Status::NotFound("no department '" + code + "'");
  std::string successor = CleanField(r.successor);
  if (!successor.empty() && !snap->tree.InScope(who.user.department, successor))
    return Status::Invalid("successor '" + successor + "' is outside your part of the department tree");
  return CloseDepartment(app, r, who.user.id);
}

}  // namespace sabt::app
