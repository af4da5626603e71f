#include "http/i18n.h"

#include <cctype>
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
  // RFC 9110 §12.5.4: the supported language with the highest q wins; tags
  // compare case-insensitively; ties keep header order.
  std::string best = "tg";
  double best_q = 0;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t comma = header.find(',', pos);
    std::string part(header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    pos = comma == std::string_view::npos ? header.size() : comma + 1;
    for (auto& c : part) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    part.erase(0, part.find_first_not_of(' '));
    double q = 1.0;
    size_t semi = part.find(';');
    if (semi != std::string::npos) {
      size_t qpos = part.find("q=", semi);
      if (qpos != std::string::npos) {
        try {
          q = std::stod(part.substr(qpos + 2));
        } catch (const std::exception&) {
          q = 0;
        }
      }
      part = part.substr(0, semi);
    }
    std::string tag = part.substr(0, part.find('-'));
    while (!tag.empty() && tag.back() == ' ') tag.pop_back();
    if (IsLanguage(tag) && q > best_q) {
      best = tag;
      best_q = q;
    }
  }
  return best;
}

}  // namespace sabt::http
