// Field-level problems with user input. A problem is a (field, code) pair;
// the message shown to the user comes from the message catalogue, under the
// key "err_<code>", in the user's language. Nothing is written while a
// command has problems.
#pragma once
#include <string>
#include <vector>

namespace sabt::domain {

struct FieldProblem {
  std::string field;  // form/API field name, e.g. "surname"
  std::string code;   // "required", "too_long", "invalid_date", ...
};

using Problems = std::vector<FieldProblem>;

}  // namespace sabt::domain
