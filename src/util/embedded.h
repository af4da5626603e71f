// Files compiled into the binary: web/templates, web/static, web/i18n, data/
// and the SQL migrations. Keys are paths relative to the source tree, e.g.
// "web/templates/layout.html". Thread-safe (read-only after first use).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sabt::embedded {

const std::map<std::string, std::string_view>& Files();

inline std::optional<std::string_view> Find(const std::string& path) {
  const auto& files = Files();
  auto it = files.find(path);
  if (it == files.end()) return std::nullopt;
  return it->second;
}

}  // namespace sabt::embedded
