#include "http/i18n.h"

#include <cctype>
#include <map>

#include "util/embedded.h"

namespace sabt::http {
namespace {

const std::map<std::string, nlohmann::json>& All() {
  static const std::map<std::string, nlohmann::json> all = [] {
    std::map<std::string, nlohmann::json> m;
    // web/i18n/<lang>.json holds the common texts; each capability may add
    // web/i18n/<area>/<lang>.json with its own keys (merged in path order; a
    // key defined twice keeps the first), so that work on one capability
    // never edits another's catalogue.
    for (const auto& lang : Languages()) {
      nlohmann::json merged = nlohmann::json::object();
      auto add = [&](std::string_view text) {
        nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
        if (!j.is_object()) return;
        for (auto it = j.begin(); it != j.end(); ++it) {
          if (!merged.contains(it.key())) merged[it.key()] = it.value();
        }
      };
      if (auto f = embedded::Find("web/i18n/" + lang + ".json")) add(*f);
      const std::string suffix = "/" + lang + ".json";
      for (const auto& [path, text] : embedded::Files()) {
        if (path.rfind("web/i18n/", 0) == 0 && path.size() > suffix.size() &&
            path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0 &&
            path.find('/', 9) != std::string::npos) {
          add(text);
        }
      }
      m[lang] = std::move(merged);
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
