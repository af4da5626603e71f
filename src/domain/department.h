// The department tree: ministry → region → district → mobile unit. A user's
// scope is the subtree under their department. Pure data, no I/O; the app
// builds a DepartmentTree from the store and shares it read-only.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sabt::domain {

enum class DepartmentKind { kMinistry, kRegion, kDistrict, kMobile };

std::string_view DepartmentKindId(DepartmentKind k);
std::optional<DepartmentKind> ParseDepartmentKind(std::string_view id);

struct Department {
  std::string code;    // e.g. "DSH-SNO"; also the series code of its register
  std::string parent;  // empty for the root
  DepartmentKind kind = DepartmentKind::kDistrict;
  std::string name_tg, name_ru, name_en;
  // Closing (department.closed, docs/api.md "Closing a department"): a
  // closed department stays in the tree; it takes nothing new.
  int64_t closed_at_ms = 0;  // 0 = open
  std::string successor = {};     // may be empty
  std::string close_reason = {};

  const std::string& Name(std::string_view lang) const;
  bool closed() const { return closed_at_ms != 0; }
};

// Checks a department before it is added to a tree: code syntax, names, and
// that the parent exists, is open and is of a higher level.
Status ValidateDepartment(const Department& d, const class DepartmentTree& tree);

class DepartmentTree {
 public:
  DepartmentTree() = default;
  // Departments may come in any order; a department whose parent is missing
  // is an error.
  static Result<DepartmentTree> Build(std::vector<Department> departments);

  const Department* Find(std::string_view code) const;
  // True when `target` is `scope` or lies under it.
  bool InScope(std::string_view scope, std::string_view target) const;
  // `code` and all its descendants, in tree order.
  std::vector<std::string> Subtree(std::string_view code) const;
  // Departments in tree order (parents before children), with their depth.
  std::vector<std::pair<const Department*, int>> Ordered() const;
  size_t size() const { return by_code_.size(); }

 private:
  std::map<std::string, Department, std::less<>> by_code_;
  std::map<std::string, std::vector<std::string>, std::less<>> children_;
};

}  // namespace sabt::domain
