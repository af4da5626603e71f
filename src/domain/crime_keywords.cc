#include "domain/crime_keywords.h"

#include "util/text.h"

namespace sabt::domain {
namespace {

// Decodes one code point at s[*i] (well-formed input assumed after FoldCase,
// which replaces ill-formed sequences) and advances *i.
char32_t Next(std::string_view s, size_t* i) {
  unsigned char c = static_cast<unsigned char>(s[*i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (*i + len > s.size()) len = 1;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += len;
  return cp;
}

bool IsWordChar(char32_t c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  if (c >= 0x00C0 && c <= 0x024F && c != 0x00D7 && c != 0x00F7) return true;  // Latin letters with marks
  if (c >= 0x0300 && c <= 0x036F) return true;                                 // combining marks
  if (c >= 0x0400 && c <= 0x052F) return true;                                 // Cyrillic (Tajik letters included)
  return false;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0, i = 0;
  while (i < s.size()) {
    Next(s, &i);
    ++n;
  }
  return n;
}

bool WordMatches(const std::string& text_word, const std::string& key_word, bool stem) {
  if (!stem || CodePoints(key_word) < 3) return text_word == key_word;
  return text_word.compare(0, key_word.size(), key_word) == 0;
}

}  // namespace

std::vector<std::string> SplitWords(std::string_view folded) {
  std::vector<std::string> out;
  std::string cur;
  size_t i = 0;
  while (i < folded.size()) {
    size_t start = i;
    char32_t c = Next(folded, &i);
    if (IsWordChar(c)) {
      cur.append(folded.substr(start, i - start));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

KeywordMatcher KeywordMatcher::Build(const std::vector<CrimeKeyword>& keywords) {
  KeywordMatcher m;
  for (const auto& k : keywords) {
    Key key;
    key.folded = FoldCase(CleanField(k.text));
    key.words = SplitWords(key.folded);
    key.stem = k.stem;
    if (!key.words.empty()) m.keys_.push_back(std::move(key));
  }
  return m;
}

std::vector<std::string> KeywordMatcher::Hits(std::string_view text) const {
  std::vector<std::string> hits;
  if (keys_.empty()) return hits;
  std::vector<std::string> words = SplitWords(FoldCase(text));
  for (const auto& k : keys_) {
    bool found = false;
    for (size_t i = 0; !found && i + k.words.size() <= words.size(); ++i) {
      bool all = true;
      for (size_t j = 0; all && j < k.words.size(); ++j) all = WordMatches(words[i + j], k.words[j], k.stem);
      found = all;
    }
    if (found) hits.push_back(k.folded);
  }
  return hits;
}

bool KeywordMatcher::Matches(std::string_view text) const { return !Hits(text).empty(); }

}  // namespace sabt::domain
