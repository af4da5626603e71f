// Message catalogues: web/i18n/{tg,ru,en}.json, flat objects key → text,
// compiled into the binary. Tajik is the default and the reference: every
// key must exist in all three (a unit test checks this).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sabt::http {

const std::vector<std::string>& Languages();  // {"tg", "ru", "en"}
bool IsLanguage(std::string_view lang);
// The text for key in lang; falls back to Tajik, then to the key itself.
std::string T(const std::string& lang, const std::string& key);
const nlohmann::json& Catalogue(const std::string& lang);
// First supported language in an Accept-Language header, else "tg".
std::string FromAcceptLanguage(std::string_view header);

}  // namespace sabt::http
