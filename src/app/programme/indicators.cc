#include "app/programme/indicators.h"

#include "app/programme/programme.h"
#include "domain/programme/indicator_formula.h"

namespace sabt::app::programme {

bool KnownCounter(const std::string& name) {
  std::string n = name;
  if (n.rfind("distinct(", 0) == 0 && n.back() == ')') n = n.substr(9, n.size() - 10);
  if (!domain::programme::IsCounterName(n)) return false;
  for (const char* family : {"appeal.", "submission.", "crime.", "case.", "trip."})
    if (n.rfind(family, 0) == 0) return true;
  return false;
}

Outcome SaveIndicator(App& app, const Principal& who, const nlohmann::json& in) {
  return DefineIndicator(app, who, in, KnownCounter);
}

}  // namespace sabt::app::programme
