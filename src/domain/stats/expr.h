// Statistics (issue 15): cell expressions of report definitions
// (docs/statistics.md §2.2). Pure parsing, no I/O.
//
//   expr := term (("+" | "-") term)*
//   term := NAME | PREFIX.* | overdue(NAME) | distinct(PREFIX.*) | INTEGER
//
// Names are [a-z0-9_.-] and may hold the placeholder "{row}" (list rows).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sabt::domain::stats {

struct Term {
  enum Kind { kCounter, kOverdue, kDistinct, kConstant } kind = kCounter;
  int sign = 1;
  std::string name;    // counter name, or prefix form "a.b.*"
  int64_t constant = 0;
};

Result<std::vector<Term>> ParseExpr(std::string_view expr);

// The terms with "{row}" replaced by each of `values` in turn (terms without
// the placeholder are kept once).
std::vector<Term> ExpandRow(const std::vector<Term>& terms, const std::vector<std::string>& values);

}  // namespace sabt::domain::stats
