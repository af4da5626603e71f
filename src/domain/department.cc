#include "domain/department.h"

#include <algorithm>
#include <functional>

namespace sabt::domain {

std::string_view DepartmentKindId(DepartmentKind k) {
  switch (k) {
    case DepartmentKind::kMinistry: return "ministry";
    case DepartmentKind::kRegion: return "region";
    case DepartmentKind::kDistrict: return "district";
    case DepartmentKind::kMobile: return "mobile";
  }
  return "district";
}

std::optional<DepartmentKind> ParseDepartmentKind(std::string_view id) {
  if (id == "ministry") return DepartmentKind::kMinistry;
  if (id == "region") return DepartmentKind::kRegion;
  if (id == "district") return DepartmentKind::kDistrict;
  if (id == "mobile") return DepartmentKind::kMobile;
  return std::nullopt;
}

const std::string& Department::Name(std::string_view lang) const {
  if (lang == "ru" && !name_ru.empty()) return name_ru;
  if (lang == "en" && !name_en.empty()) return name_en;
  return name_tg;
}

namespace {

bool ValidCode(std::string_view code) {
  if (code.empty() || code.size() > 32) return false;
  for (char c : code) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return code.front() != '-' && code.back() != '-';
}

}  // namespace

Status ValidateDepartment(const Department& d, const DepartmentTree& tree) {
  if (!ValidCode(d.code))
    return Status::Invalid("department code must be 1-32 of A-Z, 0-9 and '-': '" + d.code + "'");
  if (d.name_tg.empty() || d.name_ru.empty() || d.name_en.empty())
    return Status::Invalid("department " + d.code + " needs names in Tajik, Russian and English");
  if (d.kind == DepartmentKind::kMinistry) {
    if (!d.parent.empty()) return Status::Invalid("a ministry has no parent");
    return Status::Ok();
  }
  const Department* parent = tree.Find(d.parent);
  if (parent == nullptr)
    return Status::Invalid("department " + d.code + ": parent '" + d.parent + "' does not exist");
  if (parent->closed())
    return Status::Invalid("department " + d.code + ": parent '" + d.parent + "' is closed");
  if (static_cast<int>(parent->kind) >= static_cast<int>(d.kind))
    return Status::Invalid("department " + d.code + " must sit under a higher level than " +
                           std::string(DepartmentKindId(parent->kind)));
  return Status::Ok();
}

Result<DepartmentTree> DepartmentTree::Build(std::vector<Department> departments) {
  DepartmentTree t;
  for (auto& d : departments) {
    std::string code = d.code;
    if (!t.by_code_.emplace(code, std::move(d)).second)
      return Status::Invalid("duplicate department code " + code);
  }
  for (const auto& [code, d] : t.by_code_) {
    if (d.parent.empty()) continue;
    if (!t.by_code_.count(d.parent))
      return Status::Invalid("department " + code + ": parent '" + d.parent + "' does not exist");
    t.children_[d.parent].push_back(code);
  }
  // A cycle would make Subtree loop; every department must reach a root.
  for (const auto& [code, d] : t.by_code_) {
    std::string cur = code;
    for (size_t steps = 0; !cur.empty(); ++steps) {
      if (steps > t.by_code_.size()) return Status::Invalid("department tree has a cycle at " + code);
      cur = t.by_code_.find(cur)->second.parent;
    }
  }
  return t;
}

const Department* DepartmentTree::Find(std::string_view code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &it->second;
}

bool DepartmentTree::InScope(std::string_view scope, std::string_view target) const {
  const Department* d = Find(target);
  for (size_t steps = 0; d != nullptr && steps <= by_code_.size(); ++steps) {
    if (d->code == scope) return true;
    if (d->parent.empty()) break;
    d = Find(d->parent);
  }
  return false;
}

std::vector<std::string> DepartmentTree::Subtree(std::string_view code) const {
  std::vector<std::string> out;
  if (!Find(code)) return out;
  std::function<void(const std::string&)> walk = [&](const std::string& c) {
    out.push_back(c);
    auto it = children_.find(c);
    if (it == children_.end()) return;
    for (const auto& child : it->second) walk(child);
  };
  walk(std::string(code));
  return out;
}

std::vector<std::pair<const Department*, int>> DepartmentTree::Ordered() const {
  std::vector<std::pair<const Department*, int>> out;
  std::function<void(const std::string&, int)> walk = [&](const std::string& c, int depth) {
    out.emplace_back(Find(c), depth);
    auto it = children_.find(c);
    if (it == children_.end()) return;
    for (const auto& child : it->second) walk(child, depth + 1);
  };
  for (const auto& [code, d] : by_code_)
    if (d.parent.empty()) walk(code, 0);
  return out;
}

}  // namespace sabt::domain
