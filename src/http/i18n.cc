#include "http/i18n.h"

#include <map>

#include "util/embedded.h"

namespace sabt::http {
namespace {

const std::map<std::string, nlohmann::json>& All() {
  static const std::map<std::string, nlohmann::json> all = [] {
    std::map<std::string, nlohmann::json> m;
    for (const auto& lang : Languages()) {
      auto f = embedded::Find("web/i18n/" + lang + ".json");
      nlohmann::json j = f ? nlohmann::json::parse(*f, nullptr, false) : nlohmann::json::object();
      m[lang] = j.is_object() ? j : nlohmann::json::object();
    }
    return m;
  }();
  return all;
}

}  // namespace

const std::vector<std::string>& Languages() {
  static const std::vector<std::string> langs = {"tg", "ru", "en"};
  return langs;
}

bool IsLanguage(std::string_view lang) { return lang == "tg" || lang == "ru" || lang == "en"; }

const nlohmann::json& Catalogue(const std::string& lang) {
  const auto& all = All();
  auto it = all.find(lang);
  return it == all.end() ? all.at("tg") : it->second;
}

std::string T(const std::string& lang, const std::string& key) {
  const auto& c = Catalogue(lang);
  auto it = c.find(key);
  if (it != c.end() && it->is_string()) return it->get<std::string>();
  const auto& tg = Catalogue("tg");
  it = tg.find(key);
  if (it != tg.end() && it->is_string()) return it->get<std::string>();
  return key;
}

std::string FromAcceptLanguage(std::string_view header) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t comma = header.find(',', pos);
    std::string_view part = header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    std::string_view tag = part.substr(0, std::min(part.find(';'), part.find('-')));
    if (tag.size() >= 2) {
      std::string t(tag.substr(0, 2));
      if (IsLanguage(t)) return t;
    }
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return "tg";
}

}  // namespace sabt::http
