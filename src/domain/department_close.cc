#include "domain/department_close.h"

#include "util/text.h"

namespace sabt::domain {

std::vector<CloseBlocker> CloseBlockers(std::string_view code, const DepartmentTree& tree,
                                        const DepartmentLoad& load) {
  std::vector<CloseBlocker> out;
  auto add = [&out](const char* what, int64_t n) {
    if (n > 0) out.push_back({what, n});
  };
  add("open_appeals", load.open_appeals);
  add("queued_submissions", load.queued_submissions);
  add("open_crime_records", load.open_crime_records);
  add("active_users", load.active_users);
  int64_t children = 0;
  for (const auto& c : tree.Subtree(code)) {
    if (c == code) continue;
    const Department* d = tree.Find(c);
    if (d != nullptr && !d->closed()) ++children;
  }
  add("open_children", children);
  return out;
}

std::string DescribeBlockers(const std::vector<CloseBlocker>& blockers) {
  std::string out;
  for (const auto& b : blockers) {
    std::string noun;
    if (b.what == "open_appeals") noun = b.count == 1 ? "open appeal" : "open appeals";
    else if (b.what == "queued_submissions") noun = b.count == 1 ? "queued online submission" : "queued online submissions";
    else if (b.what == "open_crime_records") noun = b.count == 1 ? "open crime record" : "open crime records";
    else if (b.what == "active_users") noun = b.count == 1 ? "active user" : "active users";
    else noun = b.count == 1 ? "open child department" : "open child departments";
    if (!out.empty()) out += ", ";
    out += std::to_string(b.count) + " " + noun;
  }
  return out;
}

Status CheckDepartmentClose(std::string_view code, std::string_view reason, std::string_view successor,
                            const DepartmentTree& tree, const DepartmentLoad& load) {
  const Department* d = tree.Find(code);
  if (d == nullptr) return Status::NotFound("no department '" + std::string(code) + "'");
  if (d->parent.empty()) return Status::Invalid("the root department cannot be closed");
  if (d->closed()) return Status::Conflict("department " + d->code + " is already closed");
  size_t chars = Utf8Length(reason);
  if (chars < 3 || chars > 500) return Status::Invalid("the reason must be 3-500 characters");
  if (!successor.empty()) {
    const Department* s = tree.Find(successor);
    if (s == nullptr) return Status::Invalid("successor '" + std::string(successor) + "' does not exist");
    if (s->closed()) return Status::Invalid("successor " + s->code + " is closed");
    if (tree.InScope(code, successor))
      return Status::Invalid("the successor cannot be the department itself or one below it");
  }
  auto blockers = CloseBlockers(code, tree, load);
  if (!blockers.empty())
    return Status::Conflict("department " + d->code + " cannot be closed yet: " + DescribeBlockers(blockers));
  return Status::Ok();
}

bool TakesNewRecords(const DepartmentTree& tree, std::string_view code) {
  const Department* d = tree.Find(code);
  return d != nullptr && !d->closed();
}

std::optional<DeviceRefusal> CheckClosedForDevice(std::string_view kind, int64_t entry_at_ms,
                                                  const Department* department) {
  if (kind != "appeal.registered" && kind != "crime.registered") return std::nullopt;
  if (department == nullptr || !department->closed() || entry_at_ms <= department->closed_at_ms) return std::nullopt;
  return DeviceRefusal{"closed", "department " + department->code + " was closed before this registration"};
}

}  // namespace sabt::domain
