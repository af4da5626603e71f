#include "domain/stats/schema_check.h"

#include <regex>
#include <set>

namespace sabt::domain::stats {
namespace {

const std::set<std::string>& Known() {
  static const std::set<std::string> k = {"$schema", "$id",      "title",    "description",          "$defs",
                                          "type",    "enum",     "pattern",  "minimum",              "required",
                                          "properties", "items", "$ref",     "additionalProperties"};
  return k;
}

bool HasType(const nlohmann::json& v, const std::string& t) {
  if (t == "object") return v.is_object();
  if (t == "array") return v.is_array();
  if (t == "string") return v.is_string();
  if (t == "integer") return v.is_number_integer();
  if (t == "number") return v.is_number();
  if (t == "boolean") return v.is_boolean();
  if (t == "null") return v.is_null();
  return false;
}

class Checker {
 public:
  explicit Checker(const nlohmann::json& root) : root_(root) {}
  std::vector<std::string> problems;

  void Check(const nlohmann::json& s, const nlohmann::json& v, const std::string& path, int depth = 0) {
    if (depth > 64) return Fail(path, "schema nests too deep");
    if (!s.is_object()) return Fail(path, "schema is not an object");
    for (const auto& [k, x] : s.items())
      if (!Known().count(k)) return Fail(path, "schema keyword '" + k + "' is not supported");
    if (s.contains("$ref")) {
      std::string ref = s["$ref"].is_string() ? s["$ref"].get<std::string>() : "";
      const std::string prefix = "#/$defs/";
      if (ref.rfind(prefix, 0) != 0 || !root_.contains("$defs") || !root_["$defs"].contains(ref.substr(prefix.size())))
        return Fail(path, "unresolvable $ref " + ref);
      Check(root_["$defs"][ref.substr(prefix.size())], v, path, depth + 1);
    }
    if (s.contains("type")) {
      const auto& t = s["type"];
      bool ok = false;
      if (t.is_string()) ok = HasType(v, t.get<std::string>());
      if (t.is_array())
        for (const auto& one : t) ok = ok || (one.is_string() && HasType(v, one.get<std::string>()));
      if (!ok) return Fail(path, "expected type " + t.dump());
    }
    if (s.contains("enum")) {
      bool ok = false;
      for (const auto& e : s["enum"]) ok = ok || e == v;
      if (!ok) Fail(path, "not one of " + s["enum"].dump());
    }
    if (s.contains("pattern") && v.is_string()) {
      try {
        if (!std::regex_search(v.get<std::string>(), std::regex(s["pattern"].get<std::string>(), std::regex::ECMAScript)))
          Fail(path, "does not match " + s["pattern"].get<std::string>());
      } catch (const std::exception&) {
        Fail(path, "bad pattern in schema");
      }
    }
    if (s.contains("minimum") && v.is_number() && v.get<double>() < s["minimum"].get<double>())
      Fail(path, "below the minimum " + s["minimum"].dump());
    if (v.is_object()) {
      for (const auto& r : s.value("required", nlohmann::json::array()))
        if (r.is_string() && !v.contains(r.get<std::string>())) Fail(path, "missing '" + r.get<std::string>() + "'");
      const auto props = s.value("properties", nlohmann::json::object());
      bool closed = s.contains("additionalProperties") && s["additionalProperties"] == false;
      for (const auto& [k, x] : v.items()) {
        if (props.contains(k)) Check(props[k], x, path + "/" + k, depth + 1);
        else if (closed) Fail(path + "/" + k, "is not allowed");
      }
    }
    if (v.is_array() && s.contains("items")) {
      for (size_t i = 0; i < v.size() && problems.size() < 100; ++i)
        Check(s["items"], v[i], path + "/" + std::to_string(i), depth + 1);
    }
  }

 private:
  void Fail(const std::string& path, const std::string& msg) {
    if (problems.size() < 100) problems.push_back((path.empty() ? "/" : path) + ": " + msg);
  }
  const nlohmann::json& root_;
};

}  // namespace

std::vector<std::string> CheckAgainstSchema(const nlohmann::json& schema, const nlohmann::json& doc) {
  Checker c(schema);
  c.Check(schema, doc, "");
  return c.problems;
}

}  // namespace sabt::domain::stats
