#include "domain/persons/name_key.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <array>
#include <utility>

#include "util/text.h"

namespace sabt::domain::persons {
namespace {

// Step 2: one Cyrillic letter (already case-folded) to Latin. Tajik letters
// have their own entries so that they are seen before marks are removed.
const char* CyrillicToLatin(UChar32 c) {
  switch (c) {
    case 0x04B3: return "h";     // ҳ
    case 0x04B7: return "j";     // ҷ
    case 0x049B: return "q";     // қ
    case 0x0493: return "gh";    // ғ
    case 0x04E3: return "i";     // ӣ
    case 0x04EF: return "u";     // ӯ
    case 0x0430: return "a";
    case 0x0431: return "b";
    case 0x0432: return "v";
    case 0x0433: return "g";
    case 0x0434: return "d";
    case 0x0435: return "e";
    case 0x0451: return "yo";    // ё
    case 0x0436: return "zh";
    case 0x0437: return "z";
    case 0x0438: return "i";
    case 0x0439: return "y";     // й
    case 0x043A: return "k";
    case 0x043B: return "l";
    case 0x043C: return "m";
    case 0x043D: return "n";
    case 0x043E: return "o";
    case 0x043F: return "p";
    case 0x0440: return "r";
    case 0x0441: return "s";
    case 0x0442: return "t";
    case 0x0443: return "u";
    case 0x0444: return "f";
    case 0x0445: return "kh";
    case 0x0446: return "ts";
    case 0x0447: return "ch";
    case 0x0448: return "sh";
    case 0x0449: return "shch";
    case 0x044A: return "";      // ъ
    case 0x044B: return "y";
    case 0x044C: return "";      // ь
    case 0x044D: return "e";
    case 0x044E: return "yu";
    case 0x044F: return "ya";
    case 0x0456: return "i";     // і (Ukrainian/Belarusian spellings)
    case 0x045E: return "u";     // ў
    default: return nullptr;
  }
}

const icu::Normalizer2& Nfd() {
  static const icu::Normalizer2* n = [] {
    UErrorCode st = U_ZERO_ERROR;
    return icu::Normalizer2::getNFDInstance(st);
  }();
  return *n;
}

// Steps 1-2: folded word to plain lower-case ASCII letters.
std::string ToLatin(std::string_view word) {
  std::string folded = FoldCase(CleanField(word));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(folded.data(), static_cast<int32_t>(folded.size())));
  std::string out;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (c >= 'a' && c <= 'z') {
      out.push_back(static_cast<char>(c));
      continue;
    }
    if (const char* lat = CyrillicToLatin(c)) {
      out += lat;
      continue;
    }
    if (c < 0x80) continue;  // digits, punctuation, spaces
    // Another letter: its base letter when that is ASCII (ī -> i, š -> s).
    UErrorCode st = U_ZERO_ERROR;
    icu::UnicodeString d = Nfd().normalize(icu::UnicodeString(c), st);
    if (U_SUCCESS(st) && d.length() > 0) {
      UChar32 base = d.char32At(0);
      if (base >= 'a' && base <= 'z') out.push_back(static_cast<char>(base));
      else if (const char* lat = CyrillicToLatin(base)) out += lat;  // и + breve etc.
    }
  }
  return out;
}

void ReplaceAll(std::string* s, std::string_view from, std::string_view to) {
  size_t pos = 0;
  while ((pos = s->find(from, pos)) != std::string::npos) {
    s->replace(pos, from.size(), to);
    pos += to.size();
  }
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Step 3, in the documented order.
std::string Rewrite(std::string s) {
  static const std::array<std::pair<std::string_view, std::string_view>, 9> kConsonants = {{
      {"shch", "sh"}, {"dzh", "j"}, {"dj", "j"}, {"ch", "j"}, {"kh", "h"}, {"x", "h"}, {"gh", "g"}, {"q", "k"},
      {"ts", "c"},
  }};
  static const std::array<std::pair<std::string_view, std::string_view>, 7> kVowels = {{
      {"yo", "e"}, {"jo", "e"}, {"zh", "z"}, {"ph", "f"}, {"w", "v"}, {"oo", "u"}, {"ee", "i"},
  }};
  for (const auto& [from, to] : kConsonants) ReplaceAll(&s, from, to);
  // A word-initial ё is Russian я (Ёқуб = Якуб), elsewhere е (Бахтиёр = BAKHTIER).
  if (s.rfind("yo", 0) == 0) s[1] = 'a';
  for (const auto& [from, to] : kVowels) ReplaceAll(&s, from, to);
  // Tajik о is Russian а in most names (Тошмат = Ташмат, Ғаффор = Гаффар).
  for (char& c : s)
    if (c == 'o') c = 'a';
  for (char& c : s)
    if (c == 'y') c = 'i';
  // An i between vowels, or at the start before a vowel, is a glide (ICAO IA/IE/IU).
  std::string t;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == 'i' && k + 1 < s.size() && IsVowel(s[k + 1]) && (k == 0 || IsVowel(s[k - 1]))) continue;
    t.push_back(s[k]);
  }
  std::string u;
  for (char c : t)
    if (u.empty() || u.back() != c) u.push_back(c);
  return u;
}

bool EndsWith(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Step 4: longest ending first; the root keeps at least 2 letters.
std::pair<std::string, Ending> SplitEnding(const std::string& p) {
  static const std::array<std::pair<std::string_view, Ending>, 14> kEndings = {{
      {"avij", Ending::kPatronymM}, {"evij", Ending::kPatronymM}, {"avna", Ending::kPatronymF},
      {"evna", Ending::kPatronymF}, {"ijna", Ending::kPatronymF}, {"zada", Ending::kZoda},
      {"zade", Ending::kZoda},      {"zadi", Ending::kZoda},      {"zad", Ending::kZoda},
      {"ava", Ending::kFemale},     {"eva", Ending::kFemale},     {"av", Ending::kMale},
      {"ev", Ending::kMale},        {"ij", Ending::kPatronymM},
  }};
  for (const auto& [tail, e] : kEndings) {
    if (EndsWith(p, tail) && p.size() >= tail.size() + 2) return {p.substr(0, p.size() - tail.size()), e};
  }
  return {p, Ending::kNone};
}

}  // namespace

std::string Skeleton(std::string_view word) { return Rewrite(ToLatin(word)); }

bool IsPatronymicMarker(std::string_view word) {
  std::string s = ToLatin(word);
  return s == "ibni" || s == "ibn" || s == "bin" || s == "duhtari" || s == "dukhtari" || s == "binti" ||
         s == "bint";
}

namespace {
bool IsDaughterMarker(std::string_view word) {
  std::string s = ToLatin(word);
  return s == "duhtari" || s == "dukhtari" || s == "binti" || s == "bint";
}
}  // namespace

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    bool digit = false;
    for (char c : cur) digit = digit || (c >= '0' && c <= '9');
    if (!cur.empty() && !digit) out.push_back(cur);
    cur.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == ',' || c == ';' || c == '\t' || c == '\n' || c == '\r') flush();
    else cur.push_back(c);
  }
  flush();
  return out;
}

NameKey KeyOf(std::string_view part) {
  NameKey k;
  k.folded = FoldCase(CleanField(part));
  Ending marked = Ending::kNone;
  std::string joined;
  for (const auto& w : SplitWords(part)) {
    if (IsPatronymicMarker(w)) {
      marked = IsDaughterMarker(w) ? Ending::kPatronymF : Ending::kPatronymM;
      continue;
    }
    joined += Rewrite(ToLatin(w));
  }
  k.phonetic = joined;
  auto [root, ending] = SplitEnding(joined);
  k.root = root;
  k.ending = ending;
  if (marked != Ending::kNone) {
    // "ибни Алӣ": the father's name is the root as written.
    k.root = joined;
    k.ending = marked;
  }
  return k;
}

const char* EndingName(Ending e) {
  switch (e) {
    case Ending::kNone: return "none";
    case Ending::kZoda: return "zoda";
    case Ending::kMale: return "ov";
    case Ending::kFemale: return "ova";
    case Ending::kPatronymM: return "ovich";
    case Ending::kPatronymF: return "ovna";
  }
  return "none";
}

}  // namespace sabt::domain::persons
