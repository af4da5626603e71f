// Statistics (issue 15): checks a JSON document against a JSON Schema, for
// `sabt export validate` (docs/statistics.md §5). It understands the
// keywords the export schema uses — type (one or a list), enum, pattern,
// minimum, required, properties, additionalProperties: false, items, and
// local "$ref": "#/$defs/NAME" — and refuses a schema that uses any other
// keyword, so that a check can never pass by ignoring a rule. Pure, no I/O.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sabt::domain::stats {

// Problems as "PATH: message" (PATH like "/incidents/3/decision/kind");
// empty when the document conforms.
std::vector<std::string> CheckAgainstSchema(const nlohmann::json& schema, const nlohmann::json& doc);

}  // namespace sabt::domain::stats
