// The string member `key` of a JSON object, or "" when `j` is not an object,
// has no such member, or the member is not a string. Journal data and
// payloads are read this way everywhere: a missing field is an empty one.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace sabt {

inline std::string JsonStr(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

}  // namespace sabt
