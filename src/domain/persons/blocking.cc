#include "domain/persons/blocking.h"

#include <algorithm>
#include <set>

#include "util/text.h"

namespace sabt::domain::persons {
namespace {

std::string Pair(const char* tag, std::string a, std::string b) {
  if (b < a) std::swap(a, b);
  return std::string(tag) + a + "|" + b;
}

void AddPairKeys(const std::string& a, const std::string& b, std::set<std::string>* out) {
  if (a.empty() || b.empty()) return;
  out->insert(Pair("n:", a, b));
  out->insert(Pair("p:", a.substr(0, 3), b.substr(0, 3)));
}

// A word's roots: its own, and without the izafet -и (Ҷамшеди -> jamshed).
std::vector<std::string> RootsOf(const NameKey& k) {
  std::vector<std::string> r;
  if (k.root.empty()) return r;
  r.push_back(k.root);
  if (k.root.size() > 3 && k.root.back() == 'i') r.push_back(k.root.substr(0, k.root.size() - 1));
  return r;
}

}  // namespace

std::string DocumentKey(std::string_view id_document) {
  std::string folded = FoldCase(id_document), out;
  int digits = 0;
  for (char c : folded) {
    if (c >= '0' && c <= '9') ++digits;
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (static_cast<unsigned char>(c) >= 0x80)) out.push_back(c);
  }
  return digits >= 5 ? "d:" + out : "";
}

std::string PhoneKey(std::string_view phone) {
  std::string digits;
  for (char c : phone)
    if (c >= '0' && c <= '9') digits.push_back(c);
  if (digits.size() < 7) return "";
  return "t:" + (digits.size() > 9 ? digits.substr(digits.size() - 9) : digits);
}

std::vector<std::string> PersonKeys(const PersonName& name, std::string_view id_document, std::string_view phone) {
  std::set<std::string> keys;
  NameKey s = KeyOf(name.surname), g = KeyOf(name.given_name);
  AddPairKeys(s.root, g.root, &keys);
  if (!s.root.empty()) keys.insert("s:" + s.root);
  if (!g.root.empty()) keys.insert("s:" + g.root);
  if (auto d = DocumentKey(id_document); !d.empty()) keys.insert(d);
  if (auto t = PhoneKey(phone); !t.empty()) keys.insert(t);
  return {keys.begin(), keys.end()};
}

std::vector<std::string> QueryKeys(std::string_view text) {
  std::vector<std::vector<std::string>> words;
  for (const auto& w : SplitWords(text)) {
    if (IsPatronymicMarker(w) || words.size() >= 6) continue;
    auto roots = RootsOf(KeyOf(w));
    if (!roots.empty()) words.push_back(std::move(roots));
  }
  std::set<std::string> keys;
  if (words.size() == 1) {
    for (const auto& r : words[0]) keys.insert("s:" + r);
  }
  for (size_t i = 0; i < words.size(); ++i)
    for (size_t j = i + 1; j < words.size(); ++j)
      for (const auto& a : words[i])
        for (const auto& b : words[j]) AddPairKeys(a, b, &keys);
  return {keys.begin(), keys.end()};
}

}  // namespace sabt::domain::persons
